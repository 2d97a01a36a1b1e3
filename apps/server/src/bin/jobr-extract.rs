//! The CV extraction worker: one uploaded file on stdin, one JSON answer on stdout, under the
//! address-space and CPU limits given as arguments. Started by the server per upload.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(jobr_server::extraction::worker::main(&args));
}
