" Vim syntax file
" Language:    schemac schema files (*.schema): PostgreSQL schema as code
" Maintainer:  the schemac project
" License:     Apache-2.0
"
" The file follows the grammar's shape (grammar/schema.lark): an item is an attribute
" (`name = value`) or a block (`kind "label" TYPE { items }`), so a word is coloured by
" where it stands. Kinds and attribute names that are not listed below are still
" coloured as kinds and attributes (schemaBlockKind, schemaAttrName); the lists give the
" known ones their own groups (schemaKind, schemaAttribute), and tests/editors/
" checks them against the checker's tables, as it does for the other editors.

if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

syn case match
" Heredocs and block comments span lines; files are small enough to sync from the top.
syn sync fromstart
" Names: letters (any script), digits, `_` and `$`.
syn iskeyword @,48-57,_,$,192-255

" A name: a word, or any text in backticks.
let s:name = '\%(\%(\k\&\D\)\k*\|`\%([^`]\|``\)\+`\)'

" What nothing else takes is an error (at the top level, or contained in a block, a value
" or a list). Defined first, so that every other item wins over it.
syn match schemaTopError /\S/
syn match schemaError /\S/ contained

" ---------------------------------------------------------------------- comments
syn keyword schemaTodo contained TODO FIXME XXX NOTE
" (excludenl: a comment at the end of a value's line does not carry the value on.)
syn match schemaComment excludenl "#.*$" contains=schemaTodo,@Spell
syn match schemaComment excludenl "//.*$" contains=schemaTodo,@Spell
syn region schemaComment start="/\*" end="\*/" contains=schemaTodo,@Spell fold

" ---------------------------------------------------------------------- blocks
" `kind "label" TYPE { ... }`: any name that does not stand before `=`.
exe 'syn match schemaBlockKind /' . s:name . '/ contains=schemaKind'
      \ . ' nextgroup=schemaLabel,schemaHeader,schemaBody skipwhite'
syn keyword schemaKind contained arg check collation column domain enum exclude extension
      \ field foreign_key function grant identity index materialized_view partition policy
      \ primary_key procedure schema sequence table trigger type unique view

syn region schemaLabel start=/"/ skip=/\\./ excludenl end=/"\|$/ oneline contained
      \ contains=schemaEscapeError,schemaEscape nextgroup=schemaHeader,schemaBody skipwhite

" The type in a block header: `bigint`, `numeric(12, 2)[]`, `timestamp with time zone?`.
syn region schemaHeader start=/\k\|`/ end=/\ze\s*\%([{},]\|#\|\/[/*]\|$\)/ contained
      \ contains=@schemaType nextgroup=schemaBody skipwhite

syn region schemaBody matchgroup=schemaBrace start=/{/ end=/}/ contained
      \ contains=@schemaItems fold

" ---------------------------------------------------------------------- attributes
" `name = value`: the value runs to the end of the line, a comma or a `}` (lists, calls
" and objects may span lines).
exe 'syn match schemaAttrName /' . s:name . '\ze\s*=/ contains=schemaAttribute'
      \ . ' nextgroup=schemaValue skipwhite'
syn keyword schemaAttribute contained after as before body cache check check_option
      \ collation columns comment constraint cost cycle default deferrable depends_on
      \ deterministic each execute expr for from generated identity in include increment
      \ inherits initially_deferred instead_of language lc_collate lc_ctype leakproof locale match
      \ max_value min_value mode modulus new_table no_inherit not_null nulls_distinct of
      \ old_table on on_delete on_update owned_by parallel partition_by primary_key
      \ privileges provider references remainder renamed_from renamed_values restrictive
      \ returns row_level_security rows schema security security_barrier security_invoker
      \ set start strict to type unique unlogged using values version volatility when where
      \ with_check with_data with_grant_option
" `type = ...` and `returns = ...` hold types.
syn match schemaTypeAttrName /\<\%(type\|returns\)\ze\s*=/ contains=schemaAttribute
      \ nextgroup=schemaTypeValue skipwhite

syn region schemaValue matchgroup=schemaOperator start=/=/ end=/\%([,}]\)\@=\|$/ contained
      \ contains=@schemaValues,schemaError
syn region schemaTypeValue matchgroup=schemaOperator start=/=/ end=/\%([,}]\)\@=\|$/
      \ contained contains=@schemaType,schemaError

syn match schemaComma /,/

syn cluster schemaItems contains=schemaComment,schemaBlockKind,schemaAttrName,
      \schemaTypeAttrName,schemaComma,schemaError

" ---------------------------------------------------------------------- types
syn cluster schemaType contains=schemaComment,schemaTypeName,schemaQualifier,schemaAccessor,
      \schemaTypeArgs,schemaArraySuffix,schemaNullable,schemaSetof
exe 'syn match schemaTypeName /' . s:name . '/ contained contains=schemaBuiltinType'
syn keyword schemaSetof contained setof
syn keyword schemaBuiltinType contained any anyarray anycompatible anycompatiblearray
      \ anycompatiblemultirange anycompatiblenonarray anycompatiblerange anyelement anyenum
      \ anymultirange anynonarray anyrange bigint bigserial bit bool boolean box bpchar
      \ bytea char character cid cidr circle citext cstring date datemultirange daterange
      \ day decimal double event_trigger fdw_handler float float4 float8 hour
      \ index_am_handler inet int int2 int4 int4multirange int4range int8 int8multirange
      \ int8range integer internal interval json jsonb jsonpath language_handler line lseg
      \ macaddr macaddr8 minute money month name numeric nummultirange numrange oid path
      \ pg_lsn pg_snapshot point polygon precision real record refcursor regclass
      \ regcollation regconfig regdictionary regnamespace regoper regoperator regproc
      \ regprocedure regrole regtype second serial serial2 serial4 serial8 smallint
      \ smallserial table_am_handler text tid time timestamp timestamptz timetz to trigger
      \ tsm_handler tsmultirange tsquery tsrange tstzmultirange tstzrange tsvector
      \ txid_snapshot uuid varbit varchar varying void with without xid xid8 xml year zone
syn region schemaTypeArgs matchgroup=schemaParen start=/(/ end=/)/ contained
      \ contains=@schemaType,schemaNumber,schemaFloat,schemaString,schemaComma,schemaError

" ---------------------------------------------------------------------- values
syn cluster schemaValues contains=schemaComment,schemaString,schemaHeredoc,schemaNumber,
      \schemaFloat,schemaBoolean,schemaNull,schemaName,schemaCallQualifier,schemaAccessor,
      \schemaCallName,schemaList,schemaObject,schemaArraySuffix,schemaNullable,
      \schemaSingleQuoted

syn keyword schemaBoolean contained true false
syn keyword schemaNull contained null

exe 'syn match schemaName /' . s:name . '/ contained contains=schemaValueWord'
syn keyword schemaValueWord contained all always asc brin btree by_default cascade cascaded
      \ collate create definer delete desc disabled enabled execute first forced full
      \ function gin gist hash icu immutable in inout insert invoker last libc list local
      \ maxvalue minvalue no_action nulls opclass out procedure range references restrict
      \ restricted row safe schema select sequence set_default set_null setof simple spgist
      \ sql stable statement table trigger truncate type unsafe update usage variadic
      \ volatile with
" `blog.authors.id`: a name before a dot is a name, even when it is a value word.
exe 'syn match schemaName /' . s:name . '\ze\s*\./ contained'
syn match schemaAccessor /\./ contained
" The schema of a type (`app.state`) or of a function (`app.touch()`).
exe 'syn match schemaQualifier /' . s:name . '\ze\s*\./ contained'
exe 'syn match schemaCallQualifier /' . s:name . '\ze\%(\s*\.\s*' . s:name . '\)\+\s*(/ contained'

" Calls: `sql("now()")`, `range(at)`, `authors(id)`, `touch_updated_at()`.
exe 'syn match schemaCallName /' . s:name . '\ze\s*(/ contained contains=schemaBuiltinCall'
      \ . ' nextgroup=schemaArgs skipwhite'
syn keyword schemaBuiltinCall contained collate delete function hash insert list opclass
      \ procedure range references schema select sequence sql table trigger truncate type
      \ update usage
syn region schemaArgs matchgroup=schemaParen start=/(/ end=/)/ contained
      \ contains=@schemaValues,schemaComma,schemaError

syn region schemaList matchgroup=schemaBracket start=/\[/ end=/\]/ contained
      \ contains=@schemaValues,schemaComma,schemaError
" `text[]`, `int[3]`: right after a term, brackets make an array type, not a list.
syn match schemaArraySuffix /\%(\k\|`\|)\|\]\|?\)\@1<=\[\s*\d*\s*\]/ contained
syn match schemaNullable /?/ contained

" Objects: `{ search_path = "public" }`, `{ "new" = "old" }`.
syn region schemaObject matchgroup=schemaBrace start=/{/ end=/}/ contained
      \ contains=schemaComment,schemaObjectKey,schemaObjectStringKey,schemaComma,schemaError
exe 'syn match schemaObjectKey /' . s:name . '\ze\s*=/ contained nextgroup=schemaValue skipwhite'
syn region schemaObjectStringKey start=/"/ skip=/\\./ end=/"/ oneline contained
      \ contains=schemaEscapeError,schemaEscape nextgroup=schemaValue skipwhite

" Numbers: 42, -1, 0.5, .5, 1.5e3.
syn match schemaNumber /\%(\k\|\.\)\@1<!-\=\d\+\%(\k\|\.\)\@!/ contained
syn match schemaFloat
      \ /\%(\k\|\.\)\@1<!-\=\%(\d\+\.\d*\|\.\d\+\|\d\+\%([eE]\)\@=\)\%([eE][-+]\=\d\+\)\=\%(\k\|\.\)\@!/
      \ contained

" Strings: one line; escapes \" \\ \n \r \t \uXXXX \UXXXXXXXX.
syn region schemaString start=/"/ skip=/\\./ excludenl end=/"\|$/ oneline contained
      \ contains=schemaEscapeError,schemaEscape
syn match schemaEscapeError /\\.\=/ contained
syn match schemaEscape /\\\%(["\\nrt]\|u\x\{4}\|U\x\{8}\)/ contained
" Single quotes do not make strings (schemac reports them).
syn match schemaSingleQuoted /'[^']*'\=/ contained

" Heredocs: `<<TAG` or `<<-TAG` to a line holding only the tag.
syn region schemaHeredoc matchgroup=schemaHeredocDelim start=/<<-\=\z(\h\w*\)\s*$/
      \ excludenl end=/^\s*\z1\%(\s*\%([,)\]}]\|$\)\)\@=/ contained contains=@Spell

" ---------------------------------------------------------------------- colours
hi def link schemaComment       Comment
hi def link schemaTodo          Todo
hi def link schemaBlockKind     Statement
hi def link schemaKind          Keyword
hi def link schemaLabel         String
hi def link schemaAttrName      Identifier
hi def link schemaTypeAttrName  Identifier
hi def link schemaAttribute     Identifier
hi def link schemaObjectKey     Identifier
hi def link schemaObjectStringKey String
hi def link schemaOperator      Operator
hi def link schemaTypeName      Type
hi def link schemaBuiltinType   Type
hi def link schemaSetof         StorageClass
hi def link schemaArraySuffix   StorageClass
hi def link schemaNullable      Operator
hi def link schemaString        String
hi def link schemaHeredoc       String
hi def link schemaHeredocDelim  Delimiter
hi def link schemaEscape        SpecialChar
hi def link schemaEscapeError   Error
hi def link schemaSingleQuoted  Error
hi def link schemaError         Error
hi def link schemaTopError      Error
hi def link schemaNumber        Number
hi def link schemaFloat         Float
hi def link schemaBoolean       Boolean
hi def link schemaNull          Constant
hi def link schemaValueWord     Constant
hi def link schemaCallName      Function
hi def link schemaBuiltinCall   Function
hi def link schemaName          Identifier
hi def link schemaQualifier     Identifier
hi def link schemaCallQualifier Identifier
hi def link schemaAccessor      Delimiter
hi def link schemaBrace         Delimiter
hi def link schemaBracket       Delimiter
hi def link schemaParen         Delimiter
hi def link schemaComma         Delimiter

let b:current_syntax = 'schema'

let &cpo = s:cpo_save
unlet s:cpo_save
