;; sharptime run --invoke add examples/add.wat 1 2   prints 3
(module
  (func (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)

  ;; Several results are printed one per line: --invoke divmod examples/add.wat 17 5
  (func (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b))))
