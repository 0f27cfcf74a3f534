//! Reloading a rule directory when its files change, by polling: cheap (one `stat` per file)
//! and free of file-watcher dependencies and their platform quirks.

use std::{
    path::{Path, PathBuf},
    time::SystemTime,
};

use super::{
    file::{load_rule_dir, rule_files_in},
    Rule, RuleFileError,
};

/// What a directory looked like: each rule file's path, modification time and length.
type Snapshot = Result<Vec<(PathBuf, Option<SystemTime>, u64)>, RuleFileError>;

/// A rule directory watched by polling.
///
/// Like Prometheus, a caller that gets `Some(Err(..))` keeps evaluating the rules it loaded
/// last and reports the errors: one bad edit must not silence every alert.
pub struct RuleFiles {
    dir: PathBuf,
    last: Option<Snapshot>,
}

impl RuleFiles {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        RuleFiles {
            dir: dir.into(),
            last: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The directory's rules when its set of files, or any file's modification time or
    /// length, changed since the last call (the first call always loads); `None` otherwise.
    pub fn reload_if_changed(&mut self) -> Option<Result<Vec<Rule>, Vec<RuleFileError>>> {
        // Taken before reading, so a write that lands while we read shows up next time.
        let now = snapshot(&self.dir);
        if self.last.as_ref() == Some(&now) {
            return None;
        }
        let loaded = match &now {
            Ok(_) => load_rule_dir(&self.dir),
            Err(e) => Err(vec![e.clone()]),
        };
        self.last = Some(now);
        Some(loaded)
    }
}

fn snapshot(dir: &Path) -> Snapshot {
    let files = rule_files_in(dir)?;
    Ok(files
        .into_iter()
        .map(|path| {
            // A file that vanished between listing and `stat` differs from any real one.
            let meta = std::fs::metadata(&path).ok();
            let modified = meta.as_ref().and_then(|m| m.modified().ok());
            let len = meta.map_or(u64::MAX, |m| m.len());
            (path, modified, len)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_yaml(name: &str, threshold: u32) -> String {
        format!(
            "rules:\n  - name: {name}\n    metric: m\n    aggregate: max\n    window: 1m\n    \
             operator: '>'\n    threshold: {threshold}\n    severity: warning\n"
        )
    }

    fn names(loaded: Option<Result<Vec<Rule>, Vec<RuleFileError>>>) -> Vec<(String, f64)> {
        let rules = loaded.expect("a change").expect("valid rules");
        rules.into_iter().map(|r| (r.name, r.threshold)).collect()
    }

    #[test]
    fn reloads_only_on_change_and_keeps_nothing_stale() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yml");
        std::fs::write(&a, rule_yaml("A", 1)).unwrap();
        std::fs::write(&b, rule_yaml("B", 2)).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not rules").unwrap();
        let mut files = RuleFiles::new(dir.path());
        assert_eq!(
            names(files.reload_if_changed()),
            [("A".into(), 1.0), ("B".into(), 2.0)]
        );
        assert!(files.reload_if_changed().is_none(), "nothing changed");

        // A different length is a change even if the clock did not tick.
        std::fs::write(&a, rule_yaml("A", 100)).unwrap();
        assert_eq!(
            names(files.reload_if_changed()),
            [("A".into(), 100.0), ("B".into(), 2.0)]
        );

        std::fs::remove_file(&b).unwrap();
        assert_eq!(names(files.reload_if_changed()), [("A".into(), 100.0)]);

        // A broken edit is reported once; the caller keeps its rules until it is fixed.
        std::fs::write(&a, "rules: [").unwrap();
        let broken = files.reload_if_changed().expect("a change");
        assert!(broken.is_err());
        assert!(files.reload_if_changed().is_none());
        std::fs::write(&a, rule_yaml("A2", 5)).unwrap();
        assert_eq!(names(files.reload_if_changed()), [("A2".into(), 5.0)]);
    }

    #[test]
    fn a_missing_directory_is_an_error_once_then_loads_when_it_appears() {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("rules");
        let mut files = RuleFiles::new(&rules);
        let errors = files.reload_if_changed().expect("first call").unwrap_err();
        assert!(
            errors[0].to_string().contains("rule directory"),
            "{errors:?}"
        );
        assert!(files.reload_if_changed().is_none());
        std::fs::create_dir(&rules).unwrap();
        std::fs::write(rules.join("x.yaml"), rule_yaml("X", 1)).unwrap();
        assert_eq!(names(files.reload_if_changed()), [("X".into(), 1.0)]);
    }
}
