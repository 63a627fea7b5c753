//! The ROI calculator (filled in by the ROI work).
