" Vim indent file
" Language:    schemac schema files (*.schema)
" Maintainer:  the schemac project
" License:     Apache-2.0
"
" Indents by 'shiftwidth' inside `{ }`, `[ ]` and `( )`, as `schemac fmt` does. The text
" of heredocs and the inside of block comments keep their indentation.

if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetSchemaIndent(v:lnum)
setlocal indentkeys=0},0),0],!^F,o,O
setlocal nolisp nosmartindent autoindent

let b:undo_indent = 'setlocal indentexpr< indentkeys< lisp< smartindent< autoindent<'

if exists('*GetSchemaIndent')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

" The syntax group at a position ('' without syntax highlighting).
function! s:Group(lnum, col) abort
  return synIDattr(synID(a:lnum, a:col, 0), 'name')
endfunction

" Indentation follows the syntax groups, so it needs `:syntax on`.

" Whether a line is text to leave alone: a heredoc's text or closing tag, or the inside
" of a block comment (its first line is code).
function! s:Verbatim(lnum) abort
  let l:col = match(getline(a:lnum), '\S') + 1
  if l:col == 0
    return 0
  endif
  let l:group = s:Group(a:lnum, l:col)
  if l:group ==# 'schemaHeredoc'
    return 1
  endif
  if l:group ==# 'schemaHeredocDelim'
    return getline(a:lnum) !~# '<<'
  endif
  return l:group ==# 'schemaComment' && getline(a:lnum) !~# '^\s*\%(#\|//\|/\*\)'
endfunction

" The line a heredoc closing on `lnum` was opened on.
function! s:HeredocStart(lnum) abort
  let l:lnum = a:lnum - 1
  while l:lnum > 1 && getline(l:lnum) !~# '<<-\=\h\w*\s*$'
    let l:lnum -= 1
  endwhile
  return l:lnum
endfunction

" Brackets a line opens, less those it closes (after its first character), outside
" strings and comments.
function! s:Balance(lnum) abort
  let l:line = getline(a:lnum)
  let l:balance = 0
  let l:first = match(l:line, '\S')
  let l:col = 0
  for l:char in split(l:line, '\zs')
    let l:col += 1
    if l:char =~# '[{[(]' || (l:char =~# '[}\])]' && l:col > l:first + 1)
      let l:group = s:Group(a:lnum, l:col)
      if l:group !~# 'String\|Comment\|Label\|Heredoc\|Escape'
        let l:balance += l:char =~# '[{[(]' ? 1 : -1
      endif
    endif
    let l:col += strlen(l:char) - 1
  endfor
  return l:balance
endfunction

function! GetSchemaIndent(lnum) abort
  if s:Verbatim(a:lnum)
    return -1
  endif
  " The nearest line above that is code, with the brackets it leaves open.
  let l:prev = prevnonblank(a:lnum - 1)
  while l:prev > 0 && s:Verbatim(l:prev)
        \ && s:Group(l:prev, match(getline(l:prev), '\S') + 1) !=# 'schemaHeredocDelim'
    let l:prev = prevnonblank(l:prev - 1)
  endwhile
  if l:prev == 0
    return 0
  endif
  let l:balance = s:Balance(l:prev)
  if s:Verbatim(l:prev)
    " A heredoc's closing line: brackets it closes were opened where the heredoc was.
    let l:start = s:HeredocStart(l:prev)
    let l:balance += s:Balance(l:start)
    let l:prev = l:start
  endif
  " (A closing bracket that starts the line above was outdented for, so not counted.)
  let l:indent = indent(l:prev) + shiftwidth() * l:balance
  if getline(a:lnum) =~# '^\s*[}\])]'
    let l:indent -= shiftwidth()
  endif
  return max([l:indent, 0])
endfunction

let &cpo = s:cpo_save
unlet s:cpo_save
