fn main() {
    std::process::exit(ylcheck::cli::main());
}
