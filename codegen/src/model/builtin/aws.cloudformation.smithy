// Built-in definitions: the shapes Smithy 1.73 ships in `aws.cloudformation`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.cloudformation

@private
list StructureIdList {
    @idRef(failWhenMissing: true, selector: "structure")
    member: String
}

@trait(
    selector: "structure > :test(member > string)"
    conflicts: ["aws.cloudformation#cfnExcludeProperty"]
    breakingChanges: [
        {
            change: "remove"
        }
    ]
)
@unstable
structure cfnAdditionalIdentifier {}

@trait(
    selector: "resource > operation -[input, output]-> structure > member"
    conflicts: ["aws.cloudformation#cfnExcludeProperty"]
)
@unstable
structure cfnDefaultValue {}

@trait(
    selector: "structure > member"
    conflicts: [
        "aws.cloudformation#cfnAdditionalIdentifier"
        "aws.cloudformation#cfnMutability"
        "aws.cloudformation#cfnDefaultValue"
    ]
    breakingChanges: [
        {
            change: "add"
        }
    ]
)
@unstable
structure cfnExcludeProperty {}

@trait(selector: "structure > member", conflicts: ["aws.cloudformation#cfnExcludeProperty"])
@unstable
enum cfnMutability {
    FULL = "full"
    CREATE_AND_READ = "create-and-read"
    CREATE = "create"
    READ = "read"
    WRITE = "write"
}

@trait(
    selector: "structure > member"
    breakingChanges: [
        {
            change: "any"
        }
    ]
)
@unstable
string cfnName

@trait(
    selector: "resource"
    breakingChanges: [
        {
            change: "presence"
        }
    ]
)
@unstable
structure cfnResource {
    name: String

    additionalSchemas: StructureIdList

    @deprecated(message: "Prefer the resource's identifiers when generating resource schemas.")
    primaryIdentifier: String
}
