#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ylcheck_fuzz::xlsx(data).render();
});
