//! Where rendered findings wait for their turn. A report lists findings in an
//! order known only once every chunk of the input is read, and a finding cannot
//! be rendered later (it borrows its chunk's text), so each one's final text is
//! kept until the report is written. Past a limit the texts go to an anonymous
//! temporary file, and only where each one is stays in memory: a run's memory
//! then grows with its findings by a few dozen bytes each, not by their text.
//!
//! Without the command line (the page in web/ has no files) every text stays in
//! memory.

use std::io::{self, Write};
use std::sync::{Mutex, MutexGuard};

/// Bytes of finding text the command line keeps in memory before spooling the
/// rest: small reports never touch the disk, large ones stop growing here.
pub const LIMIT: usize = 16 << 20;

/// A finding's final text, in memory or in the spool's file.
pub struct Held(Place);

enum Place {
    Here(Box<[u8]>),
    #[cfg(feature = "cli")]
    Spooled {
        at: u64,
        len: u32,
    },
}

impl Held {
    /// Whether the text went to the file (for tests of the limit).
    pub fn is_spooled(&self) -> bool {
        !matches!(self.0, Place::Here(_))
    }
}

/// Keeps finding texts for a run; shared by the threads that render them.
pub struct Spool {
    /// Bytes of text kept in memory; later texts go to the file.
    #[cfg(feature = "cli")]
    limit: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Bytes of text kept in memory so far.
    held: usize,
    /// Bytes spooled so far.
    spooled: u64,
    #[cfg(feature = "cli")]
    file: Option<file::File>,
    /// The file could not be made or written (no temporary directory, a full
    /// disk): later texts stay in memory, as they would without a limit.
    #[cfg(feature = "cli")]
    failed: bool,
    /// Reused for each text read back.
    #[cfg(feature = "cli")]
    buf: Vec<u8>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    // A thread that panicked mid-append left at most a text nobody points to.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Spool {
    /// Keeps every text in memory.
    pub fn in_memory() -> Spool {
        Spool {
            #[cfg(feature = "cli")]
            limit: usize::MAX,
            state: Mutex::default(),
        }
    }

    /// Keeps texts in memory up to `limit` bytes in all, the rest in an anonymous
    /// temporary file.
    #[cfg(feature = "cli")]
    pub fn with_limit(limit: usize) -> Spool {
        Spool {
            limit,
            state: Mutex::default(),
        }
    }

    /// Keeps a finding's text until it is written.
    pub fn hold(&self, text: String) -> Held {
        let mut st = lock(&self.state);
        #[cfg(feature = "cli")]
        if st.held.saturating_add(text.len()) > self.limit
            && !st.failed
            && let Ok(len) = u32::try_from(text.len())
        {
            match st.append(text.as_bytes()) {
                Ok(at) => {
                    st.spooled += u64::from(len);
                    return Held(Place::Spooled { at, len });
                }
                Err(_) => st.failed = true,
            }
        }
        st.held += text.len();
        Held(Place::Here(text.into_bytes().into_boxed_slice()))
    }

    /// Gives a held text to `f`, read back from the file if it was spooled (by
    /// this spool: a text is where the spool that held it put it).
    pub fn with<R>(&self, held: &Held, f: impl FnOnce(&[u8]) -> io::Result<R>) -> io::Result<R> {
        match &held.0 {
            Place::Here(text) => f(text),
            #[cfg(feature = "cli")]
            Place::Spooled { at, len } => {
                let mut st = lock(&self.state);
                let State { file, buf, .. } = &mut *st;
                let Some(file) = file else {
                    return Err(io::Error::other("a spooled text has no file"));
                };
                file.read(*at, *len, buf)?;
                f(buf)
            }
        }
    }

    /// Writes a held text.
    pub fn write(&self, held: &Held, out: &mut dyn Write) -> io::Result<()> {
        self.with(held, |text| out.write_all(text))
    }

    /// Bytes of text kept in memory, and bytes in the file.
    pub fn sizes(&self) -> (usize, u64) {
        let st = lock(&self.state);
        (st.held, st.spooled)
    }
}

#[cfg(feature = "cli")]
impl State {
    /// Appends a text to the file (made on the first), returning where it starts.
    fn append(&mut self, text: &[u8]) -> io::Result<u64> {
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(file::File::new()?),
        };
        file.append(text)
    }
}

#[cfg(feature = "cli")]
mod file {
    use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

    /// The spool's anonymous temporary file: removed by the system when closed,
    /// whatever ends the run.
    pub struct File {
        out: BufWriter<std::fs::File>,
        /// Where the next text goes.
        end: u64,
        /// Read from since the last append: the next one seeks to the end first.
        moved: bool,
    }

    impl File {
        pub fn new() -> io::Result<File> {
            Ok(File {
                out: BufWriter::with_capacity(256 << 10, tempfile::tempfile()?),
                end: 0,
                moved: false,
            })
        }

        pub fn append(&mut self, text: &[u8]) -> io::Result<u64> {
            if self.moved {
                self.out.seek(SeekFrom::Start(self.end))?;
                self.moved = false;
            }
            let at = self.end;
            self.out.write_all(text)?;
            self.end += text.len() as u64;
            Ok(at)
        }

        pub fn read(&mut self, at: u64, len: u32, buf: &mut Vec<u8>) -> io::Result<()> {
            self.out.flush()?;
            self.moved = true;
            let f = self.out.get_mut();
            f.seek(SeekFrom::Start(at))?;
            buf.clear();
            buf.resize(len as usize, 0);
            f.read_exact(buf)
        }
    }
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;

    fn back(spool: &Spool, held: &Held) -> Vec<u8> {
        let mut out = Vec::new();
        spool
            .write(held, &mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        out
    }

    #[test]
    fn texts_past_the_limit_go_to_the_file_and_come_back_whole() {
        let spool = Spool::with_limit(10);
        let texts = ["abcdef", "ghij", "k", "lmnopq", "", "开封市"];
        let held: Vec<Held> = texts.iter().map(|t| spool.hold(t.to_string())).collect();
        let spooled: Vec<bool> = held.iter().map(Held::is_spooled).collect();
        // The empty text still fits.
        assert_eq!(spooled, [false, false, true, true, false, true]);
        assert_eq!(spool.sizes(), (10, 16));
        // Read back out of order, with appends between the reads.
        for i in [3, 0, 5, 2] {
            assert_eq!(back(&spool, &held[i]), texts[i].as_bytes());
        }
        let late = spool.hold("rstu".to_string());
        assert!(late.is_spooled());
        assert_eq!(back(&spool, &late), b"rstu");
        for (t, h) in texts.iter().zip(&held) {
            assert_eq!(back(&spool, h), t.as_bytes());
        }
    }

    #[test]
    fn in_memory_keeps_everything() {
        let spool = Spool::in_memory();
        let h = spool.hold("x".repeat(1000));
        assert!(!h.is_spooled());
        assert_eq!(spool.sizes(), (1000, 0));
    }
}
