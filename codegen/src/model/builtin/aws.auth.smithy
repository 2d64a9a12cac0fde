// Built-in definitions: the shapes Smithy 1.73 ships in `aws.auth`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.auth

@private
list StringList {
    member: String
}

@trait(selector: "service")
@authDefinition
@internal
@tags(["internal"])
structure cognitoUserPools {
    @required
    providerArns: StringList
}

@trait(selector: "service[trait|aws.auth#cognitoUserPools] ~> operation")
@internal
@tags(["internal"])
@length(min: 1)
list cognitoUserPoolsScopes {
    member: String
}

@trait(
    selector: "service"
    breakingChanges: [
        {
            change: "remove"
            message: "Removing the existing authentication scheme is not backward compatible and can break existing clients' authentication."
        }
    ]
)
@authDefinition(traits: ["aws.auth#unsignedPayload"])
structure sigv4 {
    @required
    @length(min: 1)
    name: String
}

@trait(
    selector: "service[trait|aws.auth#sigv4]"
    breakingChanges: [
        {
            change: "remove"
            message: "Removing the existing authentication scheme is not backward compatible and can break existing clients' authentication."
        }
    ]
)
@authDefinition(traits: ["aws.auth#unsignedPayload"])
structure sigv4a {
    @required
    @length(min: 1)
    name: String
}

@trait(selector: "operation")
structure unsignedPayload {}
