// Named results of a seed section. The example runs the section and prints as the seed
// prints; the section also keeps each result it prints under a name, and the section's test
// compares every kept result with the one NumPy's run of the seed saved under the same name
// (`tests/data/seed/<section>/results.npz`).

// (The includer brings `numfuse::prelude::*` into scope.)

/// The results a seed section kept, in order.
#[derive(Default)]
pub struct Record {
    pub entries: Vec<(String, Array)>,
}

#[allow(dead_code, reason = "each section keeps a different subset of kinds")]
impl Record {
    /// Keeps `value` under `name`.
    pub fn keep(&mut self, name: &str, value: &Array) {
        self.entries.push((name.to_string(), value.to_owned()));
    }

    /// Keeps a flag as a 0-d bool array (NumPy's `np.bool_`).
    pub fn keep_bool(&mut self, name: &str, value: bool) {
        self.keep(name, &Array::scalar(value));
    }

    /// Keeps a shape or strides tuple as an int64 vector.
    pub fn keep_ints<T: Copy + TryInto<i64>>(&mut self, name: &str, values: &[T]) {
        let v: Vec<i64> = values
            .iter()
            .map(|&x| x.try_into().unwrap_or(i64::MIN))
            .collect();
        let n = v.len();
        let a = Array::from_vec(v, &[n]).expect("a vector's shape is its length");
        self.keep(name, &a);
    }

    /// Keeps a dtype as a 0-d zero of that dtype, so the comparison sees only the dtype.
    pub fn keep_dtype(&mut self, name: &str, dtype: DType) {
        self.keep(name, &Array::zeros(&[], dtype));
    }

    /// Keeps the flags NumPy's `arr.flags` prints, as a bool vector: C_CONTIGUOUS,
    /// F_CONTIGUOUS, OWNDATA, WRITEABLE, ALIGNED.
    pub fn keep_flags(&mut self, name: &str, a: &Array) {
        let f = a.flags();
        let v = vec![f.c_contiguous, f.f_contiguous, f.owndata, f.writeable, f.aligned];
        let a = Array::from_vec(v, &[5]).expect("five flags");
        self.keep(name, &a);
    }
}
