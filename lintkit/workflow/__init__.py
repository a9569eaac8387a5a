"""The workflow IR every dialect produces, and the questions rules ask of it: graph
reachability, the condition language, feasible paths, nested graphs."""
