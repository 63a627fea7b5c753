//! Unit tests of the debug assistant's signal readers (`super`).

use super::*;

fn sig(t: &str) -> Signals {
    read(t, |_, _| {})
}

#[test]
fn http_in_any_wording() {
    for (t, n) in [
        ("HTTP/1.1 403 Forbidden", 403),
        ("{\"status\": 429, \"message\": \"slow\"}", 429),
        ("{\"statusCode\":403}", 403),
        ("'code': 401, 'message': 'x'", 401),
        ("the upstream returned a 502 this morning", 502),
        ("GET https://x.example.com/a (404)", 404),
        ("Request failed with status code 500", 500),
        (
            "googleapi: Error 404: Requested entity was not found., notFound",
            404,
        ),
        ("API Error: 529 Overloaded", 529),
    ] {
        assert_eq!(sig(t).http_status, Some(n), "{t}");
    }
    for t in [
        "connect ECONNREFUSED 127.0.0.1:5432",
        "at foo (/app/x.js:500:12)",
        "535-5.7.8 Username and Password not accepted",
        "waited 500 ms",
        "api.example.com:443 refused",
    ] {
        assert_eq!(sig(t).http_status, None, "{t}");
    }
}

#[test]
fn errno_codes_and_exceptions() {
    let s = sig("Error: connect ETIMEDOUT 10.0.0.3:443 at TCPConnectWrap.afterConnect");
    assert_eq!(s.errno, ["ETIMEDOUT"]);
    let s = sig("psql: FATAL: password authentication failed (SQLSTATE 28P01)");
    assert_eq!(s.codes, ["28P01"]);
    let s = sig("{\"ok\":false,\"error\":\"not_authed\"}");
    assert_eq!(s.codes, ["not_authed"]);
    let s = sig("{\"code\":\"EFATAL\",\"message\":\"EFATAL: Error: read ECONNRESET\"}");
    assert_eq!(
        (s.errno, s.codes),
        (vec!["ECONNRESET".to_string()], vec!["EFATAL".to_string()])
    );
    let s = sig("Error: Invalid login: 535-5.7.8 Username and Password not accepted");
    assert_eq!(s.codes, ["535"]);
    let s = sig("googleapiclient.errors.HttpError: <HttpError 403 when requesting");
    assert_eq!(s.exceptions, ["HttpError"]);
    let s = sig("requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='x', port=443)");
    assert_eq!(s.exceptions, ["ReadTimeout"]);
    assert!(sig("HTTP 403 Forbidden").exceptions.is_empty());
}
