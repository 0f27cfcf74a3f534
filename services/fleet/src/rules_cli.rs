//! `wecom-fleet rules check|test`: validates alert rule files and runs their unit tests, in
//! the manner of `promtool check rules` and `promtool test rules`. Needs no configuration.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Subcommand;
use fleet_monitor::rules::{load_rule_dir, read_rule_file, run_test_file};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Validate rule files (or directories of them); prints every problem found.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run rule unit test files (`rule_files`, `input_series`, `alert_rule_test`).
    Test {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Exit status 1 when any file has a problem or any test fails.
pub fn run(command: &RulesCommand) -> ExitCode {
    // Every file is looked at, even after one failed.
    let failed = match command {
        RulesCommand::Check { files } => files.iter().filter(|f| !check(f)).count(),
        RulesCommand::Test { files } => files.iter().filter(|f| !test(f)).count(),
    };
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn check(path: &Path) -> bool {
    let loaded = if path.is_dir() {
        load_rule_dir(path)
    } else {
        read_rule_file(path)
    };
    match loaded {
        Ok(rules) => {
            println!("{}: {} rules OK", path.display(), rules.len());
            true
        }
        Err(errors) => {
            for error in errors {
                eprintln!("{error}");
            }
            false
        }
    }
}

fn test(path: &Path) -> bool {
    let report = run_test_file(path);
    print!("{report}");
    report.passed()
}
