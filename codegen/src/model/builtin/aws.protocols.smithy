// Built-in definitions: the shapes Smithy 1.73 ships in `aws.protocols`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.protocols

@private
enum ChecksumAlgorithm {
    CRC32
    CRC32C
    CRC64NVME
    MD5
    SHA1
    SHA256
    SHA512
    XXHASH64
    XXHASH3
    XXHASH128
}

@length(min: 1)
@private
@uniqueItems
list ChecksumAlgorithmSet {
    member: ChecksumAlgorithm
}

@mixin(localTraits: ["smithy.api#private"])
@private
structure HttpConfiguration {
    http: StringList
    eventStreamHttp: StringList
}

@private
list StringList {
    member: String
}

@trait(selector: "service")
@protocolDefinition(
    traits: ["smithy.api#timestampFormat", "smithy.api#cors", "smithy.api#endpoint", "smithy.api#hostLabel"]
)
structure awsJson1_0 with [HttpConfiguration] {}

@trait(selector: "service")
@protocolDefinition(
    traits: ["smithy.api#timestampFormat", "smithy.api#cors", "smithy.api#endpoint", "smithy.api#hostLabel"]
)
structure awsJson1_1 with [HttpConfiguration] {}

@traitValidators(
    UnsupportedProtocolDocument: {
        selector: "~> member :test(> document)"
        message: "Document types are not supported with awsQuery"
    }
)
@deprecated
@protocolDefinition(
    traits: [
        "smithy.api#timestampFormat"
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "aws.protocols#awsQueryError"
        "smithy.api#xmlAttribute"
        "smithy.api#xmlFlattened"
        "smithy.api#xmlName"
        "smithy.api#xmlNamespace"
    ]
)
@trait(selector: "service [trait|xmlNamespace]")
structure awsQuery {}

@trait(
    selector: "service :test([trait|aws.protocols#awsJson1_0],\n              [trait|smithy.protocols#rpcv2Cbor],\n              [trait|smithy.protocols#rpcv2Json])"
)
structure awsQueryCompatible {}

@trait(
    selector: "structure [trait|error]"
    breakingChanges: [
        {
            change: "any"
        }
    ]
)
structure awsQueryError {
    @required
    code: String

    @required
    httpResponseCode: Integer
}

@traitValidators(
    UnsupportedProtocolDocument: {
        selector: "~> member :test(> document)"
        message: "Document types are not supported with ec2Query"
    }
)
@deprecated
@protocolDefinition(
    traits: [
        "smithy.api#timestampFormat"
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "aws.protocols#ec2QueryName"
        "smithy.api#xmlAttribute"
        "smithy.api#xmlFlattened"
        "smithy.api#xmlName"
        "smithy.api#xmlNamespace"
    ]
)
@trait(selector: "service [trait|xmlNamespace]")
structure ec2Query {}

@trait(selector: "structure > member")
@pattern("^[a-zA-Z_][a-zA-Z_0-9-]*$")
string ec2QueryName

@unstable
@trait(
    selector: "operation"
    breakingChanges: [
        {
            change: "remove"
            severity: "DANGER"
            message: "Removing the trait removes the ability for clients to do request or response checksums. The service MUST continue to support old clients by supporting the `httpChecksum` trait."
        }
        {
            change: "remove"
            path: "/requestAlgorithmMember"
            severity: "DANGER"
            message: "`requestAlgorithmMember` was removed, so newly generated clients will no longer be able to pick the request checksum algorithms The service MUST continue to support old clients by supporting `requestAlgorithmMember`."
        }
        {
            change: "remove"
            path: "/requestValidationModeMember"
            severity: "DANGER"
            message: "`requestValidationModeMember` was removed, so newly generated clients will no longer validate response checksums. The service MUST continue to support old clients by supporting `requestValidationModeMember`."
        }
        {
            change: "remove"
            path: "/responseAlgorithms/member"
            severity: "DANGER"
            message: "Members of `responseAlgorithms` were removed, so newly generated clients will no longer validate response checksums for the removed algorithms. The service MUST continue to support old clients by supporting removed compression algorithms."
        }
    ]
)
structure httpChecksum {
    requestAlgorithmMember: String
    requestChecksumRequired: Boolean
    requestValidationModeMember: String
    responseAlgorithms: ChecksumAlgorithmSet
}

@trait(selector: "service")
@protocolDefinition(
    traits: [
        "smithy.api#timestampFormat"
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "smithy.api#http"
        "smithy.api#httpError"
        "smithy.api#httpHeader"
        "smithy.api#httpLabel"
        "smithy.api#httpPayload"
        "smithy.api#httpPrefixHeaders"
        "smithy.api#httpQuery"
        "smithy.api#httpQueryParams"
        "smithy.api#httpResponseCode"
        "aws.protocols#httpChecksum"
        "smithy.api#httpChecksumRequired"
        "smithy.api#jsonName"
    ]
)
structure restJson1 with [HttpConfiguration] {}

@trait(selector: "service")
@deprecated
@protocolDefinition(
    traits: [
        "smithy.api#timestampFormat"
        "smithy.api#cors"
        "smithy.api#endpoint"
        "smithy.api#hostLabel"
        "smithy.api#http"
        "smithy.api#httpError"
        "smithy.api#httpHeader"
        "smithy.api#httpLabel"
        "smithy.api#httpPayload"
        "smithy.api#httpPrefixHeaders"
        "smithy.api#httpQuery"
        "smithy.api#httpQueryParams"
        "smithy.api#httpResponseCode"
        "aws.protocols#httpChecksum"
        "smithy.api#httpChecksumRequired"
        "smithy.api#xmlAttribute"
        "smithy.api#xmlFlattened"
        "smithy.api#xmlName"
        "smithy.api#xmlNamespace"
    ]
)
@traitValidators(
    UnsupportedProtocolDocument: {
        selector: "~> member :test(> document)"
        message: "Document types are not supported with restXml"
    }
)
structure restXml with [HttpConfiguration] {
    @deprecated
    noErrorWrapping: Boolean
}
