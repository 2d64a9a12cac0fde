// Built-in definitions: the shapes Smithy 1.73 ships in `smithy.contracts`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace smithy.contracts

structure Condition {
    @required
    expression: String

    @required
    documentation: String
}

@pattern("^[A-Z]+[A-Za-z0-9]*$")
string ConditionName

@trait(selector: ":not(:test(service, operation, resource))")
map conditions {
    key: ConditionName
    value: Condition
}
