// ouibounce for exit intent (size only: its behaviour is compared in prose).
import ouibounce from "ouibounce";
export { ouibounce };
