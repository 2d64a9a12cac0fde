// Built-in definitions: the shapes Smithy 1.73 ships in `smithy.protocols`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace smithy.protocols

@private
list StringList {
    member: String
}

@traitValidators(
    "rpcv2Cbor.NoDocuments": {
        selector: "service ~> member :test(> document)"
        message: "This protocol does not support document types in most possible scenarios."
        severity: "DANGER"
    }
)
@trait(selector: "service")
@protocolDefinition(
    traits: [
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "smithy.api#httpError"
        "smithy.api#requestCompression"
    ]
)
structure rpcv2Cbor {
    http: StringList
    eventStreamHttp: StringList
}

@protocolDefinition(
    traits: [
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "smithy.api#httpError"
        "smithy.api#requestCompression"
    ]
)
@trait(selector: "service")
structure rpcv2Json {
    http: StringList
    eventStreamHttp: StringList
}
