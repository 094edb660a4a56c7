// Rust's std on wasm32-wasi: args, env, stdin, files and directories (create,
// write, read, append, metadata, rename, remove, read_dir), time. A second
// libc-independent path through the WASI imports (Rust std calls them through
// its own `wasi` bindings). Expects a preopen /data with greeting.txt.
use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    let vars: BTreeMap<String, String> = std::env::vars().collect();
    println!("env: {:?}", vars);
    println!("RUST_TEST_VAR = {:?}", std::env::var("RUST_TEST_VAR").ok());

    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    let words = input.split_whitespace().count();
    println!("stdin: {} bytes, {} words, reversed: {:?}", input.len(), words,
             input.trim().chars().rev().collect::<String>());

    let greeting = fs::read_to_string("/data/greeting.txt")?;
    println!("greeting.txt: {:?}", greeting);

    fs::create_dir_all("/data/a/b/c")?;
    fs::write("/data/a/b/c/file.txt", b"first line\n")?;
    {
        let mut f = OpenOptions::new().append(true).open("/data/a/b/c/file.txt")?;
        f.write_all(b"second line\n")?;
    }
    let mut f = fs::File::open("/data/a/b/c/file.txt")?;
    f.seek(SeekFrom::Start(6))?;
    let mut rest = String::new();
    f.read_to_string(&mut rest)?;
    println!("from offset 6: {:?}", rest);
    let md = fs::metadata("/data/a/b/c/file.txt")?;
    println!("len {} is_file {} is_dir {} readonly {}", md.len(), md.is_file(), md.is_dir(), md.permissions().readonly());
    let modified = md.modified()?;
    let age = SystemTime::now().duration_since(modified).unwrap_or(Duration::ZERO);
    println!("modified within the last minute: {}", age < Duration::from_secs(60));

    fs::rename("/data/a/b/c/file.txt", "/data/a/moved.txt")?;
    println!("old path exists after rename: {}", fs::metadata("/data/a/b/c/file.txt").is_ok());
    let mut names: Vec<String> = fs::read_dir("/data/a")?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.sort();
    println!("read_dir /data/a: {:?}", names);
    match fs::remove_dir("/data/a/b") {
        Ok(()) => println!("remove_dir non-empty: unexpectedly ok"),
        Err(e) => println!("remove_dir non-empty fails: raw os error {:?}", e.raw_os_error()),
    }
    fs::remove_dir_all("/data/a/b")?;
    fs::remove_file("/data/a/moved.txt")?;
    fs::remove_dir("/data/a")?;
    println!("/data/a removed: {}", fs::metadata("/data/a").is_err());
    match fs::read("/data/../etc/passwd") {
        Ok(_) => println!("escape read: unexpectedly ok"),
        Err(e) => println!("escape read fails: raw os error {:?}", e.raw_os_error()),
    }
    match fs::read("/nowhere/file") {
        Ok(_) => println!("unmapped path: unexpectedly ok"),
        Err(e) => println!("unmapped path fails: {}", e),
    }

    let t0 = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    println!("slept >= 20ms: {}", t0.elapsed() >= Duration::from_millis(20));
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("after 2020: {}", since_epoch.as_secs() > 1_577_836_800);
    let out = io::stdout();
    let mut lock = out.lock();
    for i in 0..3 {
        writeln!(lock, "line {}", i)?;
    }
    eprintln!("rust_std: done");
    std::process::exit(if vars.contains_key("EXIT_SEVEN") { 7 } else { 0 });
}
