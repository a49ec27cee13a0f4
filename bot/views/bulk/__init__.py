"""How a bulk file reads to the manager: the summary before issuing, the progress and end of a
run, and the result and problem files with their captions."""
