//! `cargo xtask compile-time --handlers`: the two ways a generated server could take its
//! handlers, each as a small application of the full customer-profiles crate that answers
//! every operation, timed side by side:
//!
//! - `app-trait`: what the generator emits, one `impl Handlers` with an `async fn` per
//!   operation;
//! - `app-builder`: a builder of closures, as smithy-rs has it (one boxed closure per
//!   operation, a setter each, a `build()` that names every missing one), written here as the
//!   generator would emit it, on top of the same `Handlers` trait.
//!
//! Both applications serve one request through `Server`, so every operation's dispatch is
//! monomorphized for their handler type, as in a real server binary.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One `Handlers` method, read from the generated `src/server.rs`.
struct Method {
    name: syn::Ident,
    /// The input type, `None` for an operation without input.
    input: Option<syn::Type>,
    output: syn::Type,
    error: syn::Type,
}

/// Writes `app-trait` and `app-builder` under `out`, depending on the crate `krate` (package
/// name) generated at `out/<krate>`.
pub fn write_apps(out: &Path, krate: &str) -> Result<Vec<&'static str>, String> {
    let server = out.join(krate).join("src/server.rs");
    let text = std::fs::read_to_string(&server)
        .map_err(|e| format!("error: {}: {e}", server.display()))?;
    let file = syn::parse_file(&text).map_err(|e| format!("error: {}: {e}", server.display()))?;
    let root = format_ident!("{}", krate.replace('-', "_"));
    let methods = handler_methods(&file, &quote!(::#root))?;
    let apps = [
        ("app-trait", trait_app(&root, &methods)),
        ("app-builder", builder_app(&root, &methods)),
    ];
    for (name, tokens) in &apps {
        let dir = out.join(name);
        let manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{krate} = {{ path = \"../{krate}\" }}\nbytes = \"1\"\nhttp = \"1\"\n\
             http-body-util = \"0.1\"\ntower-service = \"0.3\"\n"
        );
        let source = syn::parse2::<syn::File>(tokens.clone())
            .map(|f| prettyplease::unparse(&f))
            .map_err(|e| format!("error: the {name} source does not parse: {e}"))?;
        std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("error: {e}"))?;
        super::write(&dir.join("Cargo.toml"), &manifest)?;
        super::write(&dir.join("src/main.rs"), &source)?;
    }
    Ok(apps.iter().map(|(name, _)| *name).collect())
}

/// The methods of `trait Handlers`, with `crate::` in their types replaced by `root`.
fn handler_methods(file: &syn::File, root: &TokenStream) -> Result<Vec<Method>, String> {
    let handlers = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Trait(t) if t.ident == "Handlers" => Some(t),
            _ => None,
        })
        .ok_or("error: the generated server has no `Handlers` trait")?;
    let rooted = |ty: &syn::Type| -> Result<syn::Type, String> {
        let text = quote!(#ty)
            .to_string()
            .replace("crate ::", &format!("{root} ::"));
        syn::parse_str(&text).map_err(|e| format!("error: type {text}: {e}"))
    };
    let mut methods = Vec::new();
    for item in &handlers.items {
        let syn::TraitItem::Fn(f) = item else {
            continue;
        };
        let input = f.sig.inputs.iter().find_map(|arg| match arg {
            syn::FnArg::Typed(p) if matches!(&*p.pat, syn::Pat::Ident(i) if i.ident == "input") => {
                Some(&*p.ty)
            }
            _ => None,
        });
        let (output, error) = result_types(&f.sig.output)
            .ok_or(format!("error: `{}` does not return a Result", f.sig.ident))?;
        methods.push(Method {
            name: f.sig.ident.clone(),
            input: input.map(rooted).transpose()?,
            output: rooted(output)?,
            error: rooted(error)?,
        });
    }
    Ok(methods)
}

/// `O` and `E` of `-> impl Future<Output = Result<O, E>> + Send`.
fn result_types(output: &syn::ReturnType) -> Option<(&syn::Type, &syn::Type)> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::ImplTrait(bounds) = &**ty else {
        return None;
    };
    bounds.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(t) = bound else {
            return None;
        };
        let syn::PathArguments::AngleBracketed(args) = &t.path.segments.last()?.arguments else {
            return None;
        };
        let result = args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::AssocType(a) if a.ident == "Output" => Some(&a.ty),
            _ => None,
        })?;
        let syn::Type::Path(result) = result else {
            return None;
        };
        let syn::PathArguments::AngleBracketed(args) = &result.path.segments.last()?.arguments
        else {
            return None;
        };
        let mut types = args.args.iter().filter_map(|arg| match arg {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        });
        Some((types.next()?, types.next()?))
    })
}

/// What both applications answer: the operation's own `Unknown` error.
fn not_implemented(error: &syn::Type, root: &syn::Ident) -> TokenStream {
    quote! {
        Err(#error::Unknown(::#root::error::UnknownError::new("NotImplemented", None, 501)))
    }
}

/// `main`: serves one request through `Server::new(handlers)`, polled to its end.
fn serve_once(root: &syn::Ident, handlers: TokenStream) -> TokenStream {
    quote! {
        fn main() {
            let mut server = ::#root::server::Server::new(#handlers);
            let request = ::http::Request::builder()
                .uri("/")
                .body(::http_body_util::Full::new(::bytes::Bytes::new()))
                .expect("a request");
            let future = ::tower_service::Service::call(&mut server, request);
            let mut future = ::std::pin::pin!(future);
            let mut cx = ::std::task::Context::from_waker(::std::task::Waker::noop());
            while ::std::future::Future::poll(future.as_mut(), &mut cx).is_pending() {}
        }
    }
}

fn trait_app(root: &syn::Ident, methods: &[Method]) -> TokenStream {
    let fns = methods.iter().map(|m| {
        let Method {
            name,
            output,
            error,
            ..
        } = m;
        let input = m.input.as_ref().map(|ty| quote!(_input: #ty,));
        let answer = not_implemented(error, root);
        quote! {
            async fn #name(&self, #input _request: &::http::request::Parts) -> Result<#output, #error> {
                #answer
            }
        }
    });
    let main = serve_once(root, quote!(App));
    quote! {
        //! Written by `cargo xtask compile-time --handlers`: handlers as one trait impl.

        struct App;

        impl ::#root::server::Handlers for App {
            #(#fns)*
        }

        #main
    }
}

fn builder_app(root: &syn::Ident, methods: &[Method]) -> TokenStream {
    let future = |m: &Method| {
        let Method { output, error, .. } = m;
        quote!(::std::pin::Pin<Box<dyn ::std::future::Future<Output = Result<#output, #error>> + Send>>)
    };
    // The closure takes the input (or nothing) and the request's headers (owned: a boxed
    // future cannot borrow the request's parts).
    let closure = |m: &Method| {
        let future = future(m);
        let input = m.input.iter();
        quote!(Box<dyn Fn(#(#input,)* ::http::HeaderMap) -> #future + Send + Sync>)
    };
    let fields = methods.iter().map(|m| {
        let name = &m.name;
        let closure = closure(m);
        quote!(#name: Option<#closure>)
    });
    let built_fields = methods.iter().map(|m| {
        let name = &m.name;
        let closure = closure(m);
        quote!(#name: #closure)
    });
    let setters = methods.iter().map(|m| {
        let Method {
            name,
            output,
            error,
            ..
        } = m;
        let (param, arg) = match &m.input {
            Some(ty) => (quote!(#ty,), quote!(input,)),
            None => (quote!(), quote!()),
        };
        quote! {
            fn #name<F, Fut>(mut self, handler: F) -> Self
            where
                F: Fn(#param ::http::HeaderMap) -> Fut + Send + Sync + 'static,
                Fut: ::std::future::Future<Output = Result<#output, #error>> + Send + 'static,
            {
                self.#name = Some(Box::new(move |#arg headers| Box::pin(handler(#arg headers))));
                self
            }
        }
    });
    let takes = methods.iter().map(|m| {
        let name = &m.name;
        let text = name.to_string();
        quote! {
            let #name = self.#name.ok_or(#text);
        }
    });
    let names: Vec<&syn::Ident> = methods.iter().map(|m| &m.name).collect();
    let forwards = methods.iter().map(|m| {
        let Method {
            name,
            output,
            error,
            ..
        } = m;
        let (param, arg) = match &m.input {
            Some(ty) => (quote!(input: #ty,), quote!(input,)),
            None => (quote!(), quote!()),
        };
        quote! {
            fn #name(&self, #param request: &::http::request::Parts)
                -> impl ::std::future::Future<Output = Result<#output, #error>> + Send {
                (self.#name)(#arg request.headers.clone())
            }
        }
    });
    let registrations = methods.iter().map(|m| {
        let Method { name, error, .. } = m;
        let answer = not_implemented(error, root);
        match &m.input {
            Some(_) => quote!(.#name(|_input, _headers| async move { #answer })),
            None => quote!(.#name(|_headers| async move { #answer })),
        }
    });
    let main = serve_once(
        root,
        quote!(Builder::default() #(#registrations)* .build().expect("every operation has a handler")),
    );
    quote! {
        //! Written by `cargo xtask compile-time --handlers`: handlers as a builder of closures.

        #[derive(Default)]
        struct Builder {
            #(#fields,)*
        }

        struct Built {
            #(#built_fields,)*
        }

        impl Builder {
            #(#setters)*

            /// The service, or the names of the operations without a handler.
            fn build(self) -> Result<Built, Vec<&'static str>> {
                #(#takes)*
                let missing: Vec<&'static str> = [#(#names.as_ref().err().copied()),*]
                    .into_iter()
                    .flatten()
                    .collect();
                match (#(#names,)*) {
                    (#(Ok(#names),)*) => Ok(Built { #(#names,)* }),
                    _ => Err(missing),
                }
            }
        }

        impl ::#root::server::Handlers for Built {
            #(#forwards)*
        }

        #main
    }
}
