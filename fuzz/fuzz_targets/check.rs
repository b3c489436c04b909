#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ylcheck_fuzz::check(data).render();
});
