//! A strip of pictures above what the network sees of them (the figure in docs/own-digits.md):
//! `cargo run --release -p ann-preprocess --example strip -- OUT.png PICTURE...`
use ann_preprocess::{SIDE, to_mnist};
use image::{Rgb, RgbImage, imageops};

const CELL: u32 = 112;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: strip OUT.png PICTURE...");
        std::process::exit(2);
    }
    let pictures = &args[1..];
    let mut strip = RgbImage::from_pixel(CELL * pictures.len() as u32, 2 * CELL, Rgb([255, 255, 255]));
    for (i, path) in pictures.iter().enumerate() {
        let picture = image::open(path).unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        });
        let thumb = picture.thumbnail(CELL - 8, CELL - 8).to_rgb8();
        let (x, y) = (i as u32 * CELL + (CELL - thumb.width()) / 2, (CELL - thumb.height()) / 2);
        imageops::overlay(&mut strip, &thumb, x as i64, y as i64);
        let rgba = picture.to_rgba32f();
        let seen = to_mnist(&ann_preprocess::Rgba { width: rgba.width() as usize, height: rgba.height() as usize, data: rgba.as_raw() })
            .unwrap_or_else(|e| {
                eprintln!("{path}: {e}");
                std::process::exit(2)
            });
        // Four screen pixels per input pixel, white ink on black as the network gets it.
        let scale = CELL / SIDE as u32;
        for py in 0..CELL {
            for px in 0..CELL {
                let v = (seen[(py / scale) as usize * SIDE + (px / scale) as usize] * 255.0).round() as u8;
                strip.put_pixel(i as u32 * CELL + px, CELL + py, Rgb([v, v, v]));
            }
        }
    }
    strip.save(&args[0]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[0]);
        std::process::exit(2)
    });
}
