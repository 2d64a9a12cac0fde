// Built-in definitions: the shapes Smithy 1.73 ships in `smithy.framework`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace smithy.framework

@error("client")
structure ValidationException {
    @required
    message: String

    fieldList: ValidationExceptionFieldList
}

structure ValidationExceptionField {
    @required
    path: String

    @required
    message: String
}

list ValidationExceptionFieldList {
    member: ValidationExceptionField
}
