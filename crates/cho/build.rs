// `sqlx::migrate!` embeds the migration directories at build time: a new file must
// rebuild the binary, which cargo only knows if told.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
}
