//! Signals: SIGINT, SIGTERM and SIGHUP ask the run to stop (at the end of its step; a second
//! signal stops it at once), so its outputs are written whole and marked interrupted. A third
//! removes the temporary files and exits at once. SIGXFSZ (file-size limit) is caught so that a
//! write beyond the limit fails with an error the run reports, instead of killing the process.

use natrium::simulation::{exit_code, RunControl};

/// Install the handlers for a run controlled by `control`.
#[cfg(unix)]
pub fn install(control: RunControl) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    let _ = signal_hook::flag::register(SIGXFSZ, Arc::new(AtomicBool::new(false)));
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        let mut n = 0u32;
        for _ in signals.forever() {
            n += 1;
            match n {
                1 => {
                    control.request_stop();
                    eprintln!(
                        "\nnatrium: interrupted; finishing the current step and writing the \
                         results (interrupt again to stop at once)"
                    );
                }
                2 => {
                    control.stop_now();
                    eprintln!("\nnatrium: stopping now; writing what was computed");
                }
                _ => {
                    natrium::fsutil::remove_live_temporaries();
                    eprintln!("\nnatrium: interrupted three times; exiting without writing");
                    std::process::exit(i32::from(exit_code::INTERRUPTED));
                }
            }
        }
    });
}

#[cfg(not(unix))]
pub fn install(_control: RunControl) {}
