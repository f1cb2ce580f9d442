vim9script
# Headless dump of Vim's syntax groups, for tests/editors/test_vim.py (Vim 9; the
# editor files themselves are plain Vim script, for Vim 8 and Neovim too).
#
#   vim -Nu NONE -i NONE -es --cmd 'set rtp^=editors/vim' -c 'filetype plugin indent on'
#       -c 'syntax on' -S tests/editors/vim_dump.vim -c 'call g:SchemaDump(IN, OUT)' -c 'qa!'
#
# IN lists one file per line. OUT gets one JSON object per file: its 'filetype', and for
# each line the runs of its bytes that share a syntax group, as [start, end, name, linked]
# (0-based byte columns, end exclusive; name '' where no group applies; linked is the
# group the name is linked to, such as 'Error').

def Runs(lnum: number): list<any>
  var runs: list<any> = []
  var last = -1
  const length = strlen(getline(lnum))
  for col in range(1, length)
    const id = synID(lnum, col, 1)
    if id == last
      runs[-1][1] = col
    else
      runs->add([col - 1, col, synIDattr(id, 'name'), synIDattr(synIDtrans(id), 'name')])
      last = id
    endif
  endfor
  return runs
enddef

def g:SchemaDump(files: string, out: string)
  var result: list<string> = []
  for file in readfile(files)
    execute 'silent edit!' fnameescape(file)
    var lines: list<any> = []
    for lnum in range(1, line('$'))
      lines->add(Runs(lnum))
    endfor
    result->add(json_encode({filetype: &filetype, lines: lines}))
    silent bwipeout!
  endfor
  writefile(result, out)
enddef
