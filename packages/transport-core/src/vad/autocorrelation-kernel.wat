;; Cross products of the pitch autocorrelation as WebAssembly SIMD. Source of
;; autocorrelation-kernel-wasm.ts, which holds the compiled bytes: regenerate with
;; `node src/vad/build-autocorrelation-kernel.mjs` (a test checks that they match).
(module
  (memory (export "memory") 1)
  ;; For every lag from 1 to `lastLag` (below `length`), and the next one: the sum of
  ;; `s[i] · s[i + lag]` over the overlap of the `length` f64 samples at `samples`, stored as f64 at
  ;; `out + 8 · lag` (so `out` has room for `lastLag + 2` values). Each sum is made exactly as
  ;; autocorrelation.ts's `crossProduct` makes it, so the results are bit-identical: four running
  ;; sums (index mod 4, two per f64x2 vector) over whole groups of four, the leftovers added to
  ;; the first, then (sum0 + sum1) + (sum2 + sum3). Two lags per turn share the loads of s[i] and
  ;; give the processor four independent sums to interleave. Addresses are in bytes.
  (func (export "crossProducts")
    (param $samples i32) (param $length i32) (param $lastLag i32) (param $out i32)
    (local $lag i32) (local $lagBytes i32) (local $overlap i32) (local $whole i32)
    (local $nextWhole i32) (local $at i32) (local $end i32) (local $partner i32)
    (local $first v128) (local $second v128)
    (local $sums01 v128) (local $sums23 v128) (local $nextSums01 v128) (local $nextSums23 v128)
    (local $rest f64) (local $nextRest f64)
    (local.set $lag (i32.const 1))
    (block $lagsDone
      (loop $lags
        (br_if $lagsDone (i32.gt_s (local.get $lag) (local.get $lastLag)))
        (local.set $lagBytes (i32.shl (local.get $lag) (i32.const 3)))
        (local.set $overlap (i32.sub (local.get $length) (local.get $lag)))
        ;; whole groups of four: for this lag, and for the next (overlap one shorter)
        (local.set $whole (i32.and (local.get $overlap) (i32.const -4)))
        (local.set $nextWhole
          (i32.and (i32.sub (local.get $overlap) (i32.const 1)) (i32.const -4)))
        (local.set $sums01 (v128.const f64x2 0 0))
        (local.set $sums23 (v128.const f64x2 0 0))
        (local.set $nextSums01 (v128.const f64x2 0 0))
        (local.set $nextSums23 (v128.const f64x2 0 0))
        (local.set $at (local.get $samples))
        (local.set $end
          (i32.add (local.get $samples) (i32.shl (local.get $nextWhole) (i32.const 3))))
        (block $bothDone
          (loop $both
            (br_if $bothDone (i32.ge_s (local.get $at) (local.get $end)))
            (local.set $first (v128.load (local.get $at)))
            (local.set $second (v128.load offset=16 (local.get $at)))
            (local.set $partner (i32.add (local.get $at) (local.get $lagBytes)))
            (local.set $sums01
              (f64x2.add (local.get $sums01)
                (f64x2.mul (local.get $first) (v128.load (local.get $partner)))))
            (local.set $sums23
              (f64x2.add (local.get $sums23)
                (f64x2.mul (local.get $second) (v128.load offset=16 (local.get $partner)))))
            (local.set $nextSums01
              (f64x2.add (local.get $nextSums01)
                (f64x2.mul (local.get $first) (v128.load offset=8 (local.get $partner)))))
            (local.set $nextSums23
              (f64x2.add (local.get $nextSums23)
                (f64x2.mul (local.get $second) (v128.load offset=24 (local.get $partner)))))
            (local.set $at (i32.add (local.get $at) (i32.const 32)))
            (br $both)))
        ;; this lag may have one whole group more than the next
        (if (i32.gt_s (local.get $whole) (local.get $nextWhole))
          (then
            (local.set $partner (i32.add (local.get $at) (local.get $lagBytes)))
            (local.set $sums01
              (f64x2.add (local.get $sums01)
                (f64x2.mul (v128.load (local.get $at)) (v128.load (local.get $partner)))))
            (local.set $sums23
              (f64x2.add (local.get $sums23)
                (f64x2.mul (v128.load offset=16 (local.get $at))
                  (v128.load offset=16 (local.get $partner)))))))
        ;; leftovers of this lag, into its first sum
        (local.set $rest (f64x2.extract_lane 0 (local.get $sums01)))
        (local.set $at
          (i32.add (local.get $samples) (i32.shl (local.get $whole) (i32.const 3))))
        (local.set $end
          (i32.add (local.get $samples) (i32.shl (local.get $overlap) (i32.const 3))))
        (block $restDone
          (loop $restLoop
            (br_if $restDone (i32.ge_s (local.get $at) (local.get $end)))
            (local.set $rest
              (f64.add (local.get $rest)
                (f64.mul (f64.load (local.get $at))
                  (f64.load (i32.add (local.get $at) (local.get $lagBytes))))))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (br $restLoop)))
        ;; leftovers of the next lag
        (local.set $nextRest (f64x2.extract_lane 0 (local.get $nextSums01)))
        (local.set $at
          (i32.add (local.get $samples) (i32.shl (local.get $nextWhole) (i32.const 3))))
        (local.set $end
          (i32.add (local.get $samples)
            (i32.shl (i32.sub (local.get $overlap) (i32.const 1)) (i32.const 3))))
        (block $nextRestDone
          (loop $nextRestLoop
            (br_if $nextRestDone (i32.ge_s (local.get $at) (local.get $end)))
            (local.set $nextRest
              (f64.add (local.get $nextRest)
                (f64.mul (f64.load (local.get $at))
                  (f64.load offset=8 (i32.add (local.get $at) (local.get $lagBytes))))))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (br $nextRestLoop)))
        (f64.store (i32.add (local.get $out) (local.get $lagBytes))
          (f64.add
            (f64.add (local.get $rest) (f64x2.extract_lane 1 (local.get $sums01)))
            (f64.add (f64x2.extract_lane 0 (local.get $sums23))
              (f64x2.extract_lane 1 (local.get $sums23)))))
        (f64.store offset=8 (i32.add (local.get $out) (local.get $lagBytes))
          (f64.add
            (f64.add (local.get $nextRest) (f64x2.extract_lane 1 (local.get $nextSums01)))
            (f64.add (f64x2.extract_lane 0 (local.get $nextSums23))
              (f64x2.extract_lane 1 (local.get $nextSums23)))))
        (local.set $lag (i32.add (local.get $lag) (i32.const 2)))
        (br $lags)))))
