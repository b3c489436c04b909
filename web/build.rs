//! Rust's default 1 MiB stack for wasm32 is less than the command line's threads
//! have: the page's checker gets 8 MiB, as a native main thread has. Only the
//! module's link is told, so the dependencies build as for any other use.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=8388608");
    }
}
