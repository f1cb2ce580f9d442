" Vim filetype plugin for schemac schema files (*.schema).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

" `gc`-style commenting plugins and `:h 'commentstring'` use `#`; `//` and `/* */` are
" comments too.
setlocal commentstring=#\ %s
setlocal comments=:#,://,s1:/*,mb:*,ex:*/
" `schemac fmt` indents by two spaces.
setlocal shiftwidth=2 softtabstop=2 expandtab
setlocal formatoptions-=t formatoptions+=croql
setlocal suffixesadd=.schema

let b:undo_ftplugin = 'setlocal commentstring< comments< shiftwidth< softtabstop<'
      \ . ' expandtab< formatoptions< suffixesadd<'
