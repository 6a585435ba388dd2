;; Inner loop of StreamResampler as WebAssembly SIMD. Source of polyphase-kernel-wasm.ts, which
;; holds the compiled bytes: regenerate with `node src/audio/resampler/build-polyphase-kernel.mjs`
;; (a test checks that they match).
(module
  (memory (export "memory") 1)
  ;; For each of `count` outputs: the dot product of `taps` f32 input samples starting at
  ;; `window` with the `phase`'s f32 coefficients, rounded to nearest and saturated to int16,
  ;; stored at `output`; then the window and phase advance by the rate ratio. `taps` is a multiple
  ;; of 8 (two 4-lane running sums). All addresses are in bytes.
  (func (export "convolve")
    (param $window i32) (param $coefficients i32) (param $taps i32) (param $upFactor i32)
    (param $wholeStep i32) (param $phaseStep i32) (param $phase i32) (param $count i32)
    (param $output i32)
    (local $outputEnd i32) (local $input i32) (local $coefficient i32) (local $inputEnd i32)
    (local $tapBytes i32) (local $sum0 v128) (local $sum1 v128) (local $value i32)
    (local.set $tapBytes (i32.shl (local.get $taps) (i32.const 2)))
    (local.set $outputEnd (i32.add (local.get $output) (i32.shl (local.get $count) (i32.const 1))))
    (local.set $wholeStep (i32.shl (local.get $wholeStep) (i32.const 2)))
    (block $done
      (loop $outputs
        (br_if $done (i32.ge_u (local.get $output) (local.get $outputEnd)))
        (local.set $coefficient
          (i32.add (local.get $coefficients) (i32.mul (local.get $phase) (local.get $tapBytes))))
        (local.set $input (local.get $window))
        (local.set $inputEnd (i32.add (local.get $window) (local.get $tapBytes)))
        (local.set $sum0 (v128.const i32x4 0 0 0 0))
        (local.set $sum1 (v128.const i32x4 0 0 0 0))
        (loop $taps
          (local.set $sum0
            (f32x4.add (local.get $sum0)
              (f32x4.mul (v128.load (local.get $input)) (v128.load (local.get $coefficient)))))
          (local.set $sum1
            (f32x4.add (local.get $sum1)
              (f32x4.mul
                (v128.load offset=16 (local.get $input))
                (v128.load offset=16 (local.get $coefficient)))))
          (local.set $input (i32.add (local.get $input) (i32.const 32)))
          (local.set $coefficient (i32.add (local.get $coefficient) (i32.const 32)))
          (br_if $taps (i32.lt_u (local.get $input) (local.get $inputEnd))))
        (local.set $sum0 (f32x4.add (local.get $sum0) (local.get $sum1)))
        (local.set $value
          (i32.trunc_sat_f32_s
            (f32.nearest
              (f32.add
                (f32.add
                  (f32x4.extract_lane 0 (local.get $sum0))
                  (f32x4.extract_lane 1 (local.get $sum0)))
                (f32.add
                  (f32x4.extract_lane 2 (local.get $sum0))
                  (f32x4.extract_lane 3 (local.get $sum0)))))))
        (local.set $value
          (select (i32.const 32767) (local.get $value)
            (i32.gt_s (local.get $value) (i32.const 32767))))
        (local.set $value
          (select (i32.const -32768) (local.get $value)
            (i32.lt_s (local.get $value) (i32.const -32768))))
        (i32.store16 (local.get $output) (local.get $value))
        (local.set $output (i32.add (local.get $output) (i32.const 2)))
        (local.set $window (i32.add (local.get $window) (local.get $wholeStep)))
        (local.set $phase (i32.add (local.get $phase) (local.get $phaseStep)))
        (if (i32.ge_u (local.get $phase) (local.get $upFactor))
          (then
            (local.set $phase (i32.sub (local.get $phase) (local.get $upFactor)))
            (local.set $window (i32.add (local.get $window) (i32.const 4)))))
        (br $outputs))))
)
