// Built-in definitions: the shapes Smithy 1.73 ships in `aws.apigateway`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.apigateway

use aws.api#arnReference

@private
@arnReference
string Arn

@private
structure AuthorizerDefinition {
    @required
    @idRef(
        selector: "[trait|authDefinition]"
        failWhenMissing: true
        errorMessage: "The scheme of an authorizer definition must reference an auth trait"
    )
    scheme: String

    type: String

    customAuthType: String

    uri: String

    credentials: String

    identitySource: String

    identityValidationExpression: String

    resultTtlInSeconds: Integer

    authorizerPayloadFormatVersion: PayloadFormatVersion

    enableSimpleResponses: Boolean
}

@private
enum ConnectionType {
    INTERNET
    VPC_LINK
}

@private
enum ContentHandling {
    CONVERT_TO_TEXT
    CONVERT_TO_BINARY
}

@private
enum EndpointAccessMode {
    BASIC
    STRICT
}

@private
enum EndpointType {
    EDGE
    REGIONAL
    PRIVATE
}

@private
list EndpointTypes {
    member: EndpointType
}

@private
structure GatewayResponse {
    statusCode: String
    responseParameters: GatewayResponseParameterMap
    responseTemplates: GatewayResponseTemplateMap
}

@private
map GatewayResponseParameterMap {
    key: String
    value: String
}

@private
map GatewayResponseTemplateMap {
    key: String
    value: String
}

@private
@arnReference(type: "AWS::IAM::Role")
string IamRoleArn

@private
structure IntegrationResponse {
    statusCode: String
    contentHandling: ContentHandling
    responseTemplates: Templates
    responseParameters: ResponseParameters
}

@private
map IntegrationResponses {
    key: String
    value: IntegrationResponse
}

@private
enum IntegrationType {
    AWS = "aws"
    AWS_PROXY = "aws_proxy"
    HTTP = "http"
    HTTP_PROXY = "http_proxy"
}

@private
enum IpAddressType {
    IPV4 = "ipv4"
    DUAL_STACK = "dualstack"
}

@private
enum PassThroughBehavior {
    WHEN_NO_TEMPLATES = "when_no_templates"
    WHEN_NO_MATCH = "when_no_match"
    NEVER = "never"
}

@private
enum PayloadFormatVersion {
    V1_0 = "1.0"
    V2_0 = "2.0"
}

@private
map RequestParameters {
    key: String
    value: String
}

@private
map ResponseParameters {
    key: String
    value: String
}

@private
list StringList {
    member: String
}

@private
map Templates {
    key: String
    value: String
}

@private
structure TlsConfig {
    insecureSkipVerification: Boolean
}

@private
list VpcEndpointIds {
    member: String
}

@trait(selector: "operation")
@internal
@tags(["internal"])
structure apiKeyRequired {}

@trait(selector: "service")
@tags(["internal"])
@internal
string apiKeySource

@trait(selector: "service")
@internal
@tags(["internal"])
structure apiTlsPolicy {
    @required
    securityPolicy: String

    endpointAccessMode: EndpointAccessMode
}

@trait(selector: ":test(service, resource, operation)")
@internal
@tags(["internal"])
string authorizer

@trait(selector: "service")
@internal
@tags(["internal"])
map authorizers {
    key: String
    value: AuthorizerDefinition
}

@trait(selector: "service")
@internal
@tags(["internal"])
structure endpointConfiguration {
    @required
    types: EndpointTypes

    vpcEndpointIds: VpcEndpointIds

    disableExecuteApiEndpoint: Boolean

    ipAddressType: IpAddressType
}

@trait(selector: "service")
@internal
@tags(["internal"])
map gatewayResponses {
    key: String
    value: GatewayResponse
}

@trait(selector: ":test(service, resource, operation)", conflicts: ["aws.apigateway#mockIntegration"])
@internal
@tags(["internal"])
structure integration {
    @required
    type: IntegrationType

    @required
    uri: Arn

    credentials: IamRoleArn

    @required
    httpMethod: String

    passThroughBehavior: PassThroughBehavior

    contentHandling: ContentHandling

    timeoutInMillis: Integer

    connectionId: String

    connectionType: ConnectionType = "INTERNET"

    cacheNamespace: String

    payloadFormatVersion: String

    cacheKeyParameters: StringList

    requestParameters: RequestParameters

    requestTemplates: Templates

    responses: IntegrationResponses

    tlsConfig: TlsConfig

    responseTransferMode: String

    @suppress(["RepeatedShapeName"])
    integrationTarget: String
}

@range(min: 0, max: 10485760)
@internal
@tags(["internal"])
@trait(selector: "service")
integer minimumCompressionSize

@trait(selector: ":test(service, resource, operation)", conflicts: ["aws.apigateway#integration"])
@internal
@tags(["internal"])
structure mockIntegration {
    passThroughBehavior: PassThroughBehavior
    requestParameters: RequestParameters
    requestTemplates: Templates
    responses: IntegrationResponses
}

@trait(selector: ":test(service, operation)")
@internal
@tags(["internal"])
string requestValidator

@trait(selector: "service")
@internal
@tags(["internal"])
document resourcePolicy
