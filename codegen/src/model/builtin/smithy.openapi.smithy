// Built-in definitions: the shapes Smithy 1.73 ships in `smithy.openapi`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace smithy.openapi

@private
@pattern("^x-.+$")
string SpecificationExtensionKey

@trait(
    selector: "[trait|trait]"
    breakingChanges: [
        {
            change: "presence"
        }
        {
            path: "/as"
            change: "any"
        }
    ]
)
structure specificationExtension {
    as: SpecificationExtensionKey
}
