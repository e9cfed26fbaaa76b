//! For `cargo xtask bench evaluate`: `measured REPORT PROGRAM [ARGS…]` runs PROGRAM and
//! writes its wall time, peak RSS and exit code to REPORT as one JSON object.
//!
//! Why a program of its own: on Linux a child's `ru_maxrss` starts from the peak RSS of the
//! process that spawned it (exec keeps the high-water mark of the memory it replaces, which
//! under vfork is the parent's), so a child of a large process (the bench, a debug build)
//! never reports less than that process. This one is small, so what it reports is the
//! child's own peak, give or take a megabyte.

#[cfg(unix)]
fn main() {
    use std::os::raw::{c_int, c_long};
    use std::time::Instant;

    #[repr(C)]
    struct Timeval {
        seconds: c_long,
        microseconds: c_long,
    }

    #[repr(C)]
    struct Rusage {
        user: Timeval,
        system: Timeval,
        maxrss: c_long,
        rest: [c_long; 13],
    }

    unsafe extern "C" {
        fn wait4(pid: c_int, status: *mut c_int, options: c_int, usage: *mut Rusage) -> c_int;
    }

    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let [report, program, rest @ ..] = args.as_slice() else {
        eprintln!("usage: measured REPORT PROGRAM [ARGS…]");
        std::process::exit(2);
    };
    let mut command = std::process::Command::new(program);
    command.args(rest);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        unsafe extern "C" {
            fn prctl(option: c_int, ...) -> c_int;
        }
        // SAFETY: prctl is async-signal-safe. PR_SET_PDEATHSIG (1), SIGKILL (9): the child
        // dies with this program, so killing it at a time limit stops both.
        unsafe {
            command.pre_exec(|| {
                prctl(1, 9 as c_long);
                Ok(())
            });
        }
    }
    let started = Instant::now();
    let child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            eprintln!("measured: cannot run {}: {e}", program.to_string_lossy());
            std::process::exit(2);
        }
    };
    let mut status: c_int = 0;
    let mut usage = Rusage {
        user: Timeval { seconds: 0, microseconds: 0 },
        system: Timeval { seconds: 0, microseconds: 0 },
        maxrss: 0,
        rest: [0; 13],
    };
    // SAFETY: the pid is our child, not yet reaped (Child was never waited for); status and
    // usage are ours to fill in.
    let reaped = unsafe { wait4(child.id() as c_int, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped != child.id() as c_int {
        eprintln!("measured: wait4 failed: {}", std::io::Error::last_os_error());
        std::process::exit(2);
    }
    // WIFEXITED, WEXITSTATUS, WTERMSIG.
    let (code, signal) =
        if status & 0x7f == 0 { (Some((status >> 8) & 0xff), None) } else { (None, Some(status & 0x7f)) };
    let cpu = |t: &Timeval| t.seconds as f64 + t.microseconds as f64 / 1e6;
    let written = serde_json::json!({
        "wall_seconds": wall.as_secs_f64(),
        // KiB on Linux.
        "peak_rss_kib": usage.maxrss,
        "user_seconds": cpu(&usage.user),
        "system_seconds": cpu(&usage.system),
        "code": code,
        "signal": signal,
    });
    if let Err(e) = std::fs::write(report, written.to_string()) {
        eprintln!("measured: {}: {e}", report.to_string_lossy());
        std::process::exit(2);
    }
}

#[cfg(not(unix))]
fn main() {
    eprintln!("measured: Unix only");
    std::process::exit(2);
}
