fn main() -> std::process::ExitCode {
    zukai::cli::main()
}
