//! `smithy-codegen`: see [`codegen::cli`].

fn main() -> std::process::ExitCode {
    codegen::cli::main()
}
