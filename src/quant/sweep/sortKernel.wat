;; The sort kernel of the run error engine: one filter's float32 bit patterns → sorted
;; magnitudes, signs and compensated prefix sums, step for step as SortedFilter.loadJs in
;; sortedFilter.ts (the reference, and the fallback where WebAssembly is unavailable), with
;; the same results bit for bit (sortKernel.test.ts). Compiled by scripts/build-wasm.mjs
;; into sortKernelWasm.ts; a test fails when the two differ.
(module
  (memory (export "memory") 1)

  ;; LSD radix passes over digits $from..2 (11 bits each) of the $n keys at $src, their
  ;; histograms in $counts (u32 × 3 × 2048, digit d at byte d·8192), ping-ponging with $dst.
  ;; A digit with one value for every key moves nothing and is skipped. Returns the buffer
  ;; holding the sorted keys.
  (func $radix (param $src i32) (param $dst i32) (param $n i32) (param $counts i32) (param $from i32) (result i32)
    (local $pass i32) (local $base i32) (local $shift i32) (local $d i32) (local $sum i32) (local $c i32)
    (local $j i32) (local $k i32) (local $p i32) (local $t i32)
    (local.set $pass (local.get $from))
    (block $done
      (loop $passes
        (br_if $done (i32.ge_u (local.get $pass) (i32.const 3)))
        (local.set $base (i32.add (local.get $counts) (i32.mul (local.get $pass) (i32.const 8192))))
        (local.set $shift (i32.mul (local.get $pass) (i32.const 11)))
        (if (i32.and
              (i32.ne (local.get $n) (i32.const 0))
              (i32.ne
                (i32.load (i32.add (local.get $base)
                  (i32.shl (i32.and (i32.shr_u (i32.load (local.get $src)) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
                (local.get $n)))
          (then
            ;; exclusive prefix sums of the histogram
            (local.set $sum (i32.const 0))
            (local.set $d (i32.const 0))
            (loop $prefix
              (local.set $p (i32.add (local.get $base) (i32.shl (local.get $d) (i32.const 2))))
              (local.set $c (i32.load (local.get $p)))
              (i32.store (local.get $p) (local.get $sum))
              (local.set $sum (i32.add (local.get $sum) (local.get $c)))
              (local.set $d (i32.add (local.get $d) (i32.const 1)))
              (br_if $prefix (i32.lt_u (local.get $d) (i32.const 2048))))
            ;; scatter
            (local.set $j (i32.const 0))
            (block $sdone
              (loop $scatter
                (br_if $sdone (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $k (i32.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $p (i32.add (local.get $base)
                  (i32.shl (i32.and (i32.shr_u (local.get $k) (local.get $shift)) (i32.const 2047)) (i32.const 2))))
                (local.set $c (i32.load (local.get $p)))
                (i32.store (local.get $p) (i32.add (local.get $c) (i32.const 1)))
                (i32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))) (local.get $k))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $scatter)))
            (local.set $t (local.get $src))
            (local.set $src (local.get $dst))
            (local.set $dst (local.get $t))))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $passes)))
    (local.get $src))

  ;; Insertion sort of the $n keys at $k (ascending, unsigned): 1 when done within $budget
  ;; element moves, 0 (keys left a permutation) when the budget ran out first.
  (func $settle (param $k i32) (param $n i32) (param $budget i32) (result i32)
    (local $j i32) (local $i i32) (local $v i32) (local $moves i32) (local $w i32)
    (local.set $j (i32.const 1))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $j) (local.get $n)))
        (local.set $v (i32.load (i32.add (local.get $k) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $i (i32.sub (local.get $j) (i32.const 1)))
        (if (i32.gt_u (i32.load (i32.add (local.get $k) (i32.shl (local.get $i) (i32.const 2)))) (local.get $v))
          (then
            (loop $shift
              (local.set $w (i32.load (i32.add (local.get $k) (i32.shl (local.get $i) (i32.const 2)))))
              (i32.store (i32.add (local.get $k) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2))) (local.get $w))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $shift (i32.and
                (i32.ge_s (local.get $i) (i32.const 0))
                (i32.gt_u (i32.load (i32.add (local.get $k) (i32.shl (select (local.get $i) (i32.const 0) (i32.ge_s (local.get $i) (i32.const 0))) (i32.const 2)))) (local.get $v)))))
            (i32.store (i32.add (local.get $k) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2))) (local.get $v))
            (local.set $moves (i32.add (local.get $moves) (i32.sub (i32.sub (local.get $j) (i32.const 1)) (local.get $i))))
            (if (i32.gt_s (local.get $moves) (local.get $budget)) (then (return (i32.const 0))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $outer)))
    (i32.const 1))

  ;; The filter's n float32 bit patterns at $bits → sorted magnitudes $a (f64), signs $neg (u8)
  ;; and compensated prefix sums $p1 $p2 $c1 $c2 (f64, n + 1 each); $keys $tmp (u32 × n) and
  ;; $counts (u32 × 6144) are scratch. See src/quant/sweep/sortedFilter.ts (the same steps).
  (func (export "load")
    (param $bits i32) (param $keys i32) (param $tmp i32) (param $counts i32)
    (param $a i32) (param $neg i32) (param $p1 i32) (param $p2 i32) (param $c1 i32) (param $c2 i32) (param $n i32)
    (local $j i32) (local $u i32) (local $k i32) (local $p i32) (local $out i32) (local $d i32)
    (local $v f64) (local $v2 f64) (local $t f64) (local $s1 f64) (local $s2 f64) (local $e1 f64) (local $e2 f64)
    (local $o8 i32)
    (memory.fill (i32.add (local.get $counts) (i32.const 8192)) (i32.const 0) (i32.const 16384))
    (local.set $j (i32.const 0))
    (block $kdone
      (loop $keysloop
        (br_if $kdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $u (i32.load (i32.add (local.get $bits) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $k (i32.or (i32.shl (i32.and (local.get $u) (i32.const 0x7fffffff)) (i32.const 1)) (i32.shr_u (local.get $u) (i32.const 31))))
        (i32.store (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2))) (local.get $k))
        (local.set $p (i32.add (local.get $counts) (i32.add (i32.const 8192) (i32.shl (i32.and (i32.shr_u (local.get $k) (i32.const 11)) (i32.const 2047)) (i32.const 2)))))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
        (local.set $p (i32.add (local.get $counts) (i32.add (i32.const 16384) (i32.shl (i32.shr_u (local.get $k) (i32.const 22)) (i32.const 2)))))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $keysloop)))
    (local.set $out (call $radix (local.get $keys) (local.get $tmp) (local.get $n) (local.get $counts) (i32.const 1)))
    (if (i32.eqz (call $settle (local.get $out) (local.get $n) (i32.mul (local.get $n) (i32.const 4))))
      (then
        ;; all three digits by radix
        (memory.fill (local.get $counts) (i32.const 0) (i32.const 24576))
        (local.set $j (i32.const 0))
        (block $cdone
          (loop $count
            (br_if $cdone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $k (i32.load (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $d (i32.const 0))
            (local.set $p (i32.add (local.get $counts) (i32.shl (i32.and (local.get $k) (i32.const 2047)) (i32.const 2))))
            (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
            (local.set $p (i32.add (local.get $counts) (i32.add (i32.const 8192) (i32.shl (i32.and (i32.shr_u (local.get $k) (i32.const 11)) (i32.const 2047)) (i32.const 2)))))
            (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
            (local.set $p (i32.add (local.get $counts) (i32.add (i32.const 16384) (i32.shl (i32.shr_u (local.get $k) (i32.const 22)) (i32.const 2)))))
            (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $count)))
        (local.set $out (call $radix (local.get $out)
          (select (local.get $tmp) (local.get $keys) (i32.eq (local.get $out) (local.get $keys)))
          (local.get $n) (local.get $counts) (i32.const 0)))))
    ;; signs, magnitudes, compensated (Neumaier) prefix sums
    (f64.store (local.get $p1) (f64.const 0))
    (f64.store (local.get $p2) (f64.const 0))
    (f64.store (local.get $c1) (f64.const 0))
    (f64.store (local.get $c2) (f64.const 0))
    (local.set $j (i32.const 0))
    (block $fdone
      (loop $final
        (br_if $fdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $k (i32.load (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))))
        (i32.store8 (i32.add (local.get $neg) (local.get $j)) (i32.and (local.get $k) (i32.const 1)))
        (local.set $v (f64.promote_f32 (f32.reinterpret_i32 (i32.shr_u (local.get $k) (i32.const 1)))))
        (local.set $o8 (i32.shl (local.get $j) (i32.const 3)))
        (f64.store (i32.add (local.get $a) (local.get $o8)) (local.get $v))
        (local.set $t (f64.add (local.get $s1) (local.get $v)))
        (local.set $e1 (f64.add (local.get $e1)
          (select
            (f64.add (f64.sub (local.get $s1) (local.get $t)) (local.get $v))
            (f64.add (f64.sub (local.get $v) (local.get $t)) (local.get $s1))
            (f64.ge (local.get $s1) (local.get $v)))))
        (local.set $s1 (local.get $t))
        (local.set $v2 (f64.mul (local.get $v) (local.get $v)))
        (local.set $t (f64.add (local.get $s2) (local.get $v2)))
        (local.set $e2 (f64.add (local.get $e2)
          (select
            (f64.add (f64.sub (local.get $s2) (local.get $t)) (local.get $v2))
            (f64.add (f64.sub (local.get $v2) (local.get $t)) (local.get $s2))
            (f64.ge (local.get $s2) (local.get $v2)))))
        (local.set $s2 (local.get $t))
        (local.set $o8 (i32.add (local.get $o8) (i32.const 8)))
        (f64.store (i32.add (local.get $p1) (local.get $o8)) (local.get $s1))
        (f64.store (i32.add (local.get $p2) (local.get $o8)) (local.get $s2))
        (f64.store (i32.add (local.get $c1) (local.get $o8)) (local.get $e1))
        (f64.store (i32.add (local.get $c2) (local.get $o8)) (local.get $e2))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $final))))
)
