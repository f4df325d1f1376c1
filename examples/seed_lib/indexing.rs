// The seed's section 6, "Advanced Indexing Patterns", line by line: printed as the seed
// prints, and every printed result kept in a `Record` for `tests/seed_indexing.rs`. Shared by
// `examples/indexing.rs` (which needs `record.rs` included beside this file).

use numfuse::index::{ClipMode, ix_, ravel_multi_index, ufunc_at, unravel_index};
use numfuse::ir::{BinaryOp, ShapeDisplay};

/// Runs the section. `randn` is the seed's `np.random.randn(5, 5)`.
pub fn advanced_indexing(rec: &mut Record, randn: &Array) -> Result<()> {
    // --- MULTI-DIMENSIONAL FANCY INDEXING ---
    let arr = Array::arange(100.0, DType::I64).reshape(&[10, 10])?;
    // Select a checkerboard pattern
    let rows = array![0i64, 0, 1, 1, 2, 2];
    let cols = array![0i64, 2, 1, 3, 0, 4];
    let checkerboard = arr.index(idx![&rows, &cols])?;
    println!("{checkerboard:#}"); // Values at (0,0),(0,2),(1,1),(1,3),(2,0),(2,4)
    rec.keep("checkerboard", &checkerboard);
    // [ 0  2 11 13 20 24]

    // Select block submatrix (not fancy indexing — this is two slices)
    let block = arr.index(idx![2..5, 3..7])?;
    assert!(block.shares_memory(&arr)); // a view, as in NumPy
    rec.keep("block", &block);
    rec.keep_bool("block_shares_memory", block.shares_memory(&arr));
    // Select specific rows AND specific columns (fancy + slice mix)
    let selected_rows = arr.index(idx![[0, 3, 7]])?; // 3 specific rows, all cols
    let selected_cols = arr.index(idx![.., [1, 4, 8]])?; // All rows, 3 specific cols
    let submatrix = arr.index(ix_(&[&array![0i64, 3, 7], &array![1i64, 4, 8]])?)?; // Specific rows AND cols via meshgrid
    rec.keep("selected_rows", &selected_rows);
    rec.keep("selected_cols", &selected_cols);
    rec.keep("submatrix", &submatrix);
    // ix_ — creates open meshgrid for indexing
    println!("{}", ShapeDisplay(submatrix.shape())); // (3, 3)
    println!(
        "block {} rows {} cols {}",
        ShapeDisplay(block.shape()),
        ShapeDisplay(selected_rows.shape()),
        ShapeDisplay(selected_cols.shape())
    ); // block (3, 4) rows (3, 10) cols (10, 3)

    // --- ADVANCED BOOLEAN OPERATIONS ---
    let arr = randn.clone();
    // Create 2D mask
    let mask_rows = array![true, false, true, false, true];
    let mask_cols = array![true, true, false, false, true];
    // Select rows using boolean
    let rows_selected = arr.index(idx![&mask_rows])?;
    println!("{rows_selected:#}"); // 3 rows where mask is True
    let cols_selected = arr.index(idx![.., &mask_cols])?;
    println!("{cols_selected:#}"); // Columns where mask is True
    let intersection = arr.index(ix_(&[&mask_rows, &mask_cols])?)?;
    println!("{intersection:#}"); // Submatrix at intersection
    rec.keep("bool_rows", &rows_selected);
    rec.keep("bool_cols", &cols_selected);
    rec.keep("bool_ix", &intersection);

    // --- SCATTER OPERATION (inverse of gather) ---
    let source = array![1i64, 2, 3];
    let mut target = Array::zeros(&[10], DType::F64);
    let indices = array![2i64, 5, 8];
    target.index_assign(idx![&indices], &source)?; // Scatter: place source values at indices
    println!("{target:#}"); // [0. 0. 1. 0. 0. 2. 0. 0. 3. 0.]
    rec.keep("scatter", &target);
    // Scatter add (accumulate into target)
    ufunc_at(BinaryOp::Add, &mut target, idx![&indices], &source)?; // target[indices] += source (handles repeats!)
    println!("{target:#}"); // [0. 0. 2. 0. 0. 4. 0. 0. 6. 0.]
    rec.keep("scatter_add", &target);
    let mut counts = Array::zeros(&[3], DType::I64);
    ufunc_at(BinaryOp::Add, &mut counts, idx![[0, 2, 2, 2]], 1)?; // repeats accumulate
    println!("{counts:#}"); // [1 0 3]
    rec.keep("add_at_repeats", &counts);

    // --- MULTI-DIMENSIONAL TAKE AND PUT ---
    let arr = Array::arange(20.0, DType::I64).reshape(&[4, 5])?;
    // take — gather along axis
    let take_rows = arr.take(&array![0i64, 2], Some(0))?;
    println!("{take_rows:#}"); // Take rows 0 and 2
    let take_cols = arr.take(&array![1i64, 3, 4], Some(1))?;
    println!("{take_cols:#}"); // Take cols 1, 3, 4
    rec.keep("take_rows", &take_rows);
    rec.keep("take_cols", &take_cols);
    // put — scatter into flattened array
    let mut arr = Array::arange(20.0, DType::I64);
    arr.put(&array![0i64, 5, 10, 15], &array![99i64, 88, 77, 66])?;
    println!("{arr:#}"); // [99  1  2  3  4 88  6  7  8  9 77 ...]
    rec.keep("put", &arr);
    // putmask — conditional put
    let mut arr = Array::arange(10.0, DType::F64);
    let big = arr.greater(5.0)?;
    let squared = arr.power(2.0)?;
    arr.putmask(&big, &squared)?; // Where condition, put squared value
    println!("{arr:#}"); // [ 0.  1.  2.  3.  4.  5. 36. 49. 64. 81.]
    rec.keep("putmask", &arr);

    // --- UNRAVEL AND RAVEL INDEX ---
    let arr = Array::arange(24.0, DType::I64).reshape(&[4, 6])?;
    // Get flat index of maximum
    let flat_idx = arr.argmax(None)?;
    println!("{flat_idx:#}"); // 23
    rec.keep("flat_idx", &flat_idx);
    // Convert flat index to multi-dim indices
    let rc = unravel_index(&flat_idx, arr.shape(), Order::C)?;
    let (row, col) = (&rc[0], &rc[1]);
    println!("{row:#} {col:#}"); // 3 5
    rec.keep("row", row);
    rec.keep("col", col);
    // Convert multi-dim indices to flat index
    let flat = ravel_multi_index(&[row, col], arr.shape(), ClipMode::Raise, Order::C)?;
    println!("{flat:#}"); // 23
    rec.keep("flat", &flat);
    // Useful for getting top-k indices in a 2D array
    let top3_flat = arr.ravel().argpartition(-3, None)?.index(idx![-3..])?;
    let parts = unravel_index(&top3_flat, arr.shape(), Order::C)?;
    // np.array(parts).T: one (row, col) pair per line
    let mut top3_2d = Array::zeros(&[top3_flat.len(), 2], DType::I64);
    top3_2d.index_assign(idx![.., 0], &parts[0])?;
    top3_2d.index_assign(idx![.., 1], &parts[1])?;
    // argpartition leaves the top 3 in an unspecified order (NumPy's happens to be sorted)
    println!("{top3_2d:#}"); // [[3,3], [3,4], [3,5]] in some order
    rec.keep("top3_flat_sorted", &top3_flat.sort(Some(0))?);
    Ok(())
}
