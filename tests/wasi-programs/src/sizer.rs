// The `sizer` program from the seed article ("WASI - WebAssembly System
// Interface with Wasmtime"), with its truncated lines completed: it lists the
// files of the folder given as argv[1] with their sizes. Entries are sorted by
// name so the output is deterministic (the article printed them in readdir
// order). Without a preopened directory it fails with "failed to find a
// pre-opened file descriptor through which ... could be opened" (exit 1).
use std::{env, fs, process};

fn process(current_dir: &str) -> Result<(), String> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(current_dir).map_err(|err| format!("{}", err))? {
        let entry = entry.map_err(|err| format!("{}", err))?;
        entries.push(entry.path());
    }
    entries.sort();
    for path in entries {
        let metadata = fs::metadata(&path).map_err(|err| format!("{}", err))?;
        println!(
            "filename: {:?}, filesize: {:?} bytes",
            path.file_name().ok_or("No filename").map_err(|err| format!("{}", err))?,
            metadata.len()
        );
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let program = args[0].clone();
    if args.len() < 2 {
        eprintln!("{} <input_folder>", program);
        process::exit(1);
    }
    if let Err(err) = process(&args[1]) {
        eprintln!("{}", err);
        process::exit(1);
    }
}
