//! The server module of a crate (`src/server.rs`, behind the `server` feature): the service's
//! operations as an enum, the `Handlers` trait with one async method per operation, the routing
//! table and the dispatch from a routed request to its handler. What every server shares (the
//! `tower` services, body collection, the routers) is in the support modules `server` and
//! `router` (`runtime/server.rs`, `runtime/router.rs`).
//!
//! Handlers are a trait rather than a builder of closures: one `impl` holds the whole service,
//! the compiler names every missing operation, the state is the implementing type itself, and
//! the service is one monomorphic type (no boxed handler per operation).

use proc_macro2::TokenStream;
use quote::quote;

use super::Ctx;
use super::protocol::{IoShape, Routing};
use crate::diagnostic::Diagnostic;
use crate::model::{HttpRoute, Model, ShapeId, ShapeKind};
use crate::naming::{field_ident, ident, type_ident};

/// One operation as the server sees it.
struct ServerOperation {
    id: ShapeId,
    variant: proc_macro2::Ident,
    method: proc_macro2::Ident,
    input: Option<IoShape>,
    output: Option<IoShape>,
    error: proc_macro2::Ident,
    docs: TokenStream,
}

impl Ctx<'_> {
    /// `src/server.rs`, or `None` when the protocol has no routing (no operations).
    pub(super) fn server_rs(&mut self) -> Option<TokenStream> {
        let routing = self.protocol.routing()?;
        let service = self.closure.service.clone()?;
        let operations = self.server_operations();
        let closure = self.closure;
        let routes = match routing {
            Routing::Http => closure.http_routes(self.model),
            Routing::Target | Routing::RpcV2 { .. } => Vec::new(),
        };
        self.check_routes(&routes);
        let variants: Vec<_> = operations.iter().map(|o| &o.variant).collect();
        let names: Vec<&str> = operations.iter().map(|o| o.id.name()).collect();
        let ids: Vec<String> = operations.iter().map(|o| o.id.to_string()).collect();
        let methods: Vec<TokenStream> = operations.iter().map(handler_method).collect();
        let arms: Vec<TokenStream> = operations.iter().map(dispatch_arm).collect();
        let route = route_fn(routing, &service, &operations, &routes);
        let service_name = service.name();
        let trait_doc = format!(" The operations of `{service_name}`, one async method each.");
        // A service without operations reads nothing of what `dispatch` is given.
        let (handlers, request) = if operations.is_empty() {
            (quote!(_handlers), quote!(_request))
        } else {
            (quote!(handlers), quote!(request))
        };
        Some(quote! {
            //! A server for the service: implement [`Handlers`], then serve [`Server::new`]`(handlers)`
            //! with hyper (through `hyper_util::service::TowerToHyperService`) or mount it in axum
            //! (`Router::route_service` or `fallback_service`). It is a `tower` service for any
            //! `http_body::Body`; [`Server::layer`] adds layers that see each request's [`Operation`],
            //! [`Server::layer_for`] layers for one operation's requests only.
            //!
            //! Requests for no operation, with a method the path does not take, with a body over the
            //! limit, or that are malformed or invalid are answered in the protocol's error shape
            //! before a handler runs ([`crate::http::RequestRejection`]); a handler's panic is a 500.

            pub use crate::support::server::{
                BoxError, BoxFuture, DEFAULT_BODY_LIMIT, Dispatch, ForOperation, InternalFailure, OnlyFor, ResponseBody, Server, collect, into_response,
            };

            /// An operation of the service. Routing puts it in the extensions of each request
            /// (where layers and handlers find it) and of its response.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum Operation {
                #(#variants,)*
            }

            impl Operation {
                /// Every operation, in the model's order.
                pub const ALL: &'static [Operation] = &[#(Operation::#variants),*];

                /// Its name in the model.
                pub const fn name(self) -> &'static str {
                    match self {
                        #(Operation::#variants => #names,)*
                    }
                }

                /// Its absolute shape id.
                pub const fn shape_id(self) -> &'static str {
                    match self {
                        #(Operation::#variants => #ids,)*
                    }
                }
            }

            impl ::std::fmt::Display for Operation {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.name())
                }
            }

            #[doc = #trait_doc]
            ///
            /// Implement them all on one type, which holds the state they share. Each takes the operation's input, already read and checked
            /// against every constraint, and the request's parts (headers, and the extensions that
            /// layers set), and returns the output or one of the operation's errors.
            ///
            /// Write the methods as `async fn`; the futures they return must be `Send`.
            pub trait Handlers: Send + Sync + 'static {
                #(#methods)*
            }

            #route

            /// Reads the input of a routed request (its body already collected), calls the
            /// operation's handler and writes its output or error; a malformed or invalid request is
            /// answered without calling it. For servers that route by hand.
            pub async fn dispatch<H: Handlers>(
                #handlers: &H,
                operation: Operation,
                #request: ::http::Request<::bytes::Bytes>,
            ) -> ::http::Response<Vec<u8>> {
                match operation {
                    #(#arms)*
                }
            }
        })
    }

    /// The operations the `Handlers` trait has a method for, in its order (`None`: the crate
    /// has no server). restJson1 emits no functions for an operation without `@http` (and
    /// warns), so its server has no method for one.
    pub(crate) fn handler_operations(&self) -> Option<Vec<&ShapeId>> {
        let routing = self.protocol.routing()?;
        let operations = self.closure.operations.keys().filter(|id| {
            !matches!(routing, Routing::Http) || self.model.expect(id).traits.http.is_some()
        });
        Some(operations.collect())
    }

    fn server_operations(&mut self) -> Vec<ServerOperation> {
        let mut operations = Vec::new();
        for id in self.handler_operations().unwrap_or_default() {
            let shape = self.model.expect(id);
            let ShapeKind::Operation { input, output, .. } = &shape.kind else {
                continue;
            };
            operations.push(ServerOperation {
                id: id.clone(),
                variant: variant(id),
                method: ident(&field_ident(id.name())),
                input: (!Model::is_unit(input)).then(|| IoShape::new(self, input)),
                output: (!Model::is_unit(output)).then(|| IoShape::new(self, output)),
                error: ident(self.names.operation_error_name(id)),
                docs: self.docs(shape.traits.documentation.as_deref()),
            });
        }
        operations
    }

    /// Two operations whose routes no request could tell apart (the same method, the same
    /// segments with labels in the same places, the same query literals) are an error.
    fn check_routes(&mut self, routes: &[HttpRoute]) {
        let mut seen: std::collections::BTreeMap<String, &ShapeId> =
            std::collections::BTreeMap::new();
        for HttpRoute {
            operation,
            method,
            uri,
        } in routes
        {
            let key = match route_key(method, uri) {
                Ok(key) => key,
                Err(problem) => {
                    self.diagnostics.push(Diagnostic::error(
                        operation.to_string(),
                        format!("URI pattern {uri:?}: {problem}"),
                    ));
                    continue;
                }
            };
            if let Some(first) = seen.get(&key) {
                self.diagnostics.push(Diagnostic::error(
                    operation.to_string(),
                    format!("route `{method} {uri}` cannot be told apart from the route of {first}: no request could reach one of them"),
                ));
            } else {
                seen.insert(key, operation);
            }
        }
    }
}

/// What makes a route distinct: its method, its segments with every label written `{}` (or
/// `{+}`), and its sorted query literals. Patterns Smithy forbids are an error.
fn route_key(method: &str, uri: &str) -> Result<String, String> {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut key = method.to_ascii_uppercase();
    let mut greedy = 0;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        key.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(label) if label.ends_with('+') => {
                greedy += 1;
                key.push_str("{+}");
            }
            Some(_) => key.push_str("{}"),
            None if segment.contains(['{', '}']) => {
                return Err(format!(
                    "segment {segment:?} mixes a label with text; a label must fill its segment"
                ));
            }
            None => key.push_str(segment),
        }
    }
    if greedy > 1 {
        return Err("more than one greedy label".to_owned());
    }
    let mut literals: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    literals.sort_unstable();
    key.push('?');
    key.push_str(&literals.join("&"));
    Ok(key)
}

/// The `Handlers` method of an operation.
fn handler_method(op: &ServerOperation) -> TokenStream {
    let ServerOperation {
        method,
        docs,
        error,
        ..
    } = op;
    let input = op
        .input
        .as_ref()
        .map(|IoShape { ty, .. }| quote!(input: #ty,));
    let output = op.output.as_ref().map_or(quote!(()), |o| o.ty.clone());
    quote! {
        #docs
        fn #method(
            &self,
            #input
            request: &::http::request::Parts,
        ) -> impl ::std::future::Future<Output = Result<#output, crate::error::#error>> + Send;
    }
}

/// The arm of `dispatch` for an operation.
fn dispatch_arm(op: &ServerOperation) -> TokenStream {
    let ServerOperation {
        variant, method, ..
    } = op;
    let (read, input) = match &op.input {
        Some(_) => (
            quote! {
                let input = match crate::operation::#variant::parse_request(&request) {
                    Ok(input) => input,
                    Err(rejection) => return rejection.to_response(),
                };
            },
            Some(quote!(input,)),
        ),
        None => (
            quote! {
                if let Err(rejection) = crate::operation::#variant::parse_request(&request) {
                    return rejection.to_response();
                }
            },
            None,
        ),
    };
    let respond = match &op.output {
        Some(_) => quote!(crate::operation::#variant::output_response(&output)),
        None => quote!(crate::operation::#variant::output_response()),
    };
    let bind = match &op.output {
        Some(_) => quote!(output),
        None => quote!(()),
    };
    quote! {
        Operation::#variant => {
            #read
            let (parts, _) = request.into_parts();
            match handlers.#method(#input &parts).await {
                Ok(#bind) => #respond.unwrap_or_else(|_| crate::http::internal_failure_response()),
                Err(error) => crate::operation::#variant::error_response(&error),
            }
        }
    }
}

/// The `Operation` variant of an operation.
fn variant(id: &ShapeId) -> proc_macro2::Ident {
    ident(&type_ident(id.name()))
}

/// `route`: the operation a request is for, by the protocol's rules (`routes`: the table of
/// [`Routing::Http`]).
fn route_fn(
    routing: Routing,
    service: &ShapeId,
    operations: &[ServerOperation],
    routes: &[HttpRoute],
) -> TokenStream {
    let body = match routing {
        Routing::Http => {
            let routes = routes.iter().map(|HttpRoute { operation, method, uri }| {
                let variant = variant(operation);
                quote!(crate::support::router::Route { method: #method, uri: #uri, value: Operation::#variant })
            });
            quote! {
                static ROUTER: ::std::sync::LazyLock<crate::support::router::Router<Operation>> =
                    ::std::sync::LazyLock::new(|| crate::support::router::Router::new(&[#(#routes),*]));
                ROUTER.route_request(request)
            }
        }
        Routing::Target | Routing::RpcV2 { .. } => {
            let mut table: Vec<(&str, &proc_macro2::Ident)> = operations
                .iter()
                .map(|op| (op.id.name(), &op.variant))
                .collect();
            table.sort_by_key(|(name, _)| *name);
            let entries = table
                .iter()
                .map(|(name, variant)| quote!((#name, Operation::#variant)));
            let table = quote!(&[#(#entries),*]);
            let name = service.name();
            match routing {
                Routing::RpcV2 { protocol } => {
                    let namespace = service.namespace();
                    quote!(crate::support::server::route_rpc_v2(request, #protocol, #name, #namespace, #table))
                }
                _ => quote!(crate::support::server::route_by_target(request, #name, #table)),
            }
        }
    };
    let doc = match routing {
        Routing::Http => {
            " The operation a request is for, by its method, path and query literals (Smithy's\n specificity routing: a literal segment beats a label, a label beats a greedy label)."
        }
        Routing::Target => {
            " The operation a request is for: a `POST /` naming it in `X-Amz-Target`."
        }
        Routing::RpcV2 { .. } => {
            " The operation a request is for: a `POST` to `/service/{service}/operation/{operation}`\n (after any prefix) with the protocol's `Smithy-Protocol` header."
        }
    };
    let doc: Vec<&str> = doc.split('\n').collect();
    quote! {
        #(#[doc = #doc])*
        /// For servers that route by hand: render a rejection with
        /// [`RequestRejection::to_response`](crate::http::RequestRejection::to_response).
        pub fn route<B>(request: &::http::Request<B>) -> Result<Operation, crate::http::RequestRejection> {
            #body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::route_key;

    #[test]
    fn routes_are_keyed_by_shape_not_label_names() {
        assert_eq!(
            route_key("get", "/a/{x}/b/{y+}?q=1&p"),
            Ok("GET/a/{}/b/{+}?p&q=1".to_owned())
        );
        assert_eq!(route_key("GET", "/a/{y}"), route_key("GET", "/a/{z}"));
        assert_ne!(route_key("GET", "/a/{y}"), route_key("GET", "/a/{y}?k=v"));
        assert!(route_key("GET", "/a/{y}x").is_err());
        assert!(route_key("GET", "/{a+}/{b+}").is_err());
    }
}
