" schemac schema files. `set filetype` rather than `setfiletype`: Vim's own guesses
" (such as `conf` for a file that starts with a `#` comment) must not win.
autocmd BufRead,BufNewFile *.schema set filetype=schema
