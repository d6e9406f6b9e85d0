//! The page's JavaScript stays in small modules, one concern each: no file over 300 lines, and
//! every module another imports is there and exports the names taken from it.
use std::collections::BTreeMap;
use std::path::Path;

fn www() -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect()
}

#[test]
fn no_module_is_over_300_lines() {
    let long: Vec<String> =
        www().iter().map(|(name, text)| (name, text.lines().count())).filter(|(_, n)| *n > 300).map(|(name, n)| format!("{name}: {n}")).collect();
    assert!(long.is_empty(), "split these by concern: {long:?}");
}

#[test]
fn every_import_names_a_module_that_exports_it() {
    let files = www();
    let mut missing = Vec::new();
    for (name, text) in &files {
        // `import { a, b as c } from "./m.js";`, possibly over several lines.
        for statement in text.split("import ").skip(1) {
            let Some((names, rest)) = statement.split_once("} from \"./") else { continue };
            let Some(names) = names.trim_start().strip_prefix('{') else { continue };
            let module = rest.split('"').next().unwrap();
            if module == "ann_page.js" {
                continue; // written by wasm-bindgen
            }
            let Some(source) = files.get(module) else {
                missing.push(format!("{name} imports ./{module}, which is not in www/"));
                continue;
            };
            let exported = exports(source);
            for imported in names.split(',').map(|n| n.split(" as ").next().unwrap().trim()).filter(|n| !n.is_empty()) {
                if !exported.iter().any(|e| e == imported) {
                    missing.push(format!("{name} imports {imported} from ./{module}, which does not export it"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

/// The names a module exports: `export function f`, `export class C`, `export { a, b }` and
/// every name of `export const a = …, b = …;` (commas inside brackets are not separators).
fn exports(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for statement in source.split("export ").skip(1) {
        let statement = statement.trim_start();
        let word = |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$').collect::<String>();
        if let Some(rest) = statement.strip_prefix("async function ").or(statement.strip_prefix("function ")).or(statement.strip_prefix("class ")) {
            names.push(word(rest));
        } else if let Some(rest) = statement.strip_prefix("const ").or(statement.strip_prefix("let ")) {
            // Declarators up to the `;` that ends the statement (not one inside a body).
            let (mut depth, mut start) = (0i32, 0);
            for (i, c) in rest.char_indices().chain([(rest.len(), ';')]) {
                match c {
                    '[' | '(' | '{' => depth += 1,
                    ']' | ')' | '}' => depth -= 1,
                    ',' | ';' if depth == 0 => {
                        names.push(word(&rest[start..i]));
                        start = i + 1;
                        if c == ';' {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        } else if let Some(rest) = statement.strip_prefix('{') {
            let list = &rest[..rest.find('}').unwrap_or(0)];
            names.extend(list.split(',').map(|n| n.split(" as ").last().unwrap().trim().to_string()));
        }
    }
    names
}
