fn main() -> std::process::ExitCode {
    wecom_fleet::run()
}
