//! The MNIST-format family: data sets stored as MNIST is (four IDX files, 28×28 bytes), each
//! with its official files, their md5, where to fetch them, and its class names.
use crate::download::RemoteFile;

/// One member of the family (`--dataset NAME`, `data.dataset`).
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// Its name on the command line and in configs.
    pub name: &'static str,
    /// The four files (train images, train labels, test images, test labels), as published.
    pub files: [RemoteFile; 4],
    /// Base URLs that serve `files`, tried in order (`$ANN_MNIST_MIRRORS` replaces them).
    pub mirrors: &'static [&'static str],
    /// Where `files` are published inside one archive instead (EMNIST's zip), and its folder.
    pub archive: Option<(RemoteFile, &'static str)>,
    /// Class `k`'s name.
    pub classes: &'static [&'static str],
    /// The label of class 0 in the files (EMNIST's letters count from 1).
    pub first_label: u8,
    /// Images stored column by column (EMNIST): read transposed.
    pub transposed: bool,
    /// Where it comes from, for the report and the README.
    pub source: &'static str,
}

impl Family {
    /// The files' names as found on disk, without `.gz`.
    pub fn names(&self) -> [&'static str; 4] {
        self.files.map(|f| f.name.strip_suffix(".gz").unwrap_or(f.name))
    }

    /// The folder it is downloaded into when none is named.
    pub fn default_dir(&self) -> String {
        format!("data/{}", self.name)
    }
}

const DIGITS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const LETTERS: &[&str] = &[
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W",
    "X", "Y", "Z",
];

const fn file(name: &'static str, md5: &'static str) -> RemoteFile {
    RemoteFile { name, md5 }
}

/// EMNIST publishes every split in one zip, `gzip.zip`, under the folder `gzip/`.
const EMNIST_ZIP: (RemoteFile, &str) = (file("gzip.zip", "58c8d27c78d21e728a6bc7b3cc06412e"), "gzip");
const EMNIST_MIRRORS: &[&str] = &["https://biometrics.nist.gov/cs_links/EMNIST/"];
/// EMNIST's files carry no md5 of their own; the archive's is checked.
const IN_ARCHIVE: &str = "";

pub const FAMILY: [Family; 5] = [
    Family {
        name: "mnist",
        files: crate::download::MNIST_FILES,
        mirrors: &crate::download::MIRRORS,
        archive: None,
        classes: DIGITS,
        first_label: 0,
        transposed: false,
        source: "MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges (CC BY-SA 3.0)",
    },
    Family {
        name: "fashion-mnist",
        files: [
            file("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            file("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
            file("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
            file("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
        ],
        mirrors: &["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        archive: None,
        classes: &["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        first_label: 0,
        transposed: false,
        source: "Fashion-MNIST: Han Xiao, Kashif Rasul and Roland Vollgraf, Zalando Research (MIT)",
    },
    Family {
        name: "kmnist",
        files: [
            file("train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"),
            file("train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"),
            file("t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"),
            file("t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"),
        ],
        mirrors: &["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"],
        archive: None,
        // The ten hiragana, romanised (お き す つ な は ま や れ を).
        classes: &["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        first_label: 0,
        transposed: false,
        source: "Kuzushiji-MNIST: ROIS-DS Center for Open Data in the Humanities (CC BY-SA 4.0)",
    },
    Family {
        name: "emnist-letters",
        files: [
            file("emnist-letters-train-images-idx3-ubyte.gz", IN_ARCHIVE),
            file("emnist-letters-train-labels-idx1-ubyte.gz", IN_ARCHIVE),
            file("emnist-letters-test-images-idx3-ubyte.gz", IN_ARCHIVE),
            file("emnist-letters-test-labels-idx1-ubyte.gz", IN_ARCHIVE),
        ],
        mirrors: EMNIST_MIRRORS,
        archive: Some(EMNIST_ZIP),
        // Upper and lower case of each letter are one class.
        classes: LETTERS,
        first_label: 1,
        transposed: true,
        source: "EMNIST: Gregory Cohen, Saeed Afshar, Jonathan Tapson and André van Schaik, NIST",
    },
    Family {
        name: "emnist-digits",
        files: [
            file("emnist-digits-train-images-idx3-ubyte.gz", IN_ARCHIVE),
            file("emnist-digits-train-labels-idx1-ubyte.gz", IN_ARCHIVE),
            file("emnist-digits-test-images-idx3-ubyte.gz", IN_ARCHIVE),
            file("emnist-digits-test-labels-idx1-ubyte.gz", IN_ARCHIVE),
        ],
        mirrors: EMNIST_MIRRORS,
        archive: Some(EMNIST_ZIP),
        classes: DIGITS,
        first_label: 0,
        transposed: true,
        source: "EMNIST: Gregory Cohen, Saeed Afshar, Jonathan Tapson and André van Schaik, NIST",
    },
];

/// The member called `name`.
pub fn family(name: &str) -> Option<&'static Family> {
    FAMILY.iter().find(|f| f.name == name)
}

/// Every member's name, for messages.
pub fn names() -> String {
    FAMILY.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
}
