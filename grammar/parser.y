/*
 * parser.y - the grammar of .arch.
 *
 * A pure LALR(1) parser over the reentrant scanner in lexer.l.  Actions only
 * build the syntax tree (ast.h) in the compilation's arena; names, kinds and
 * units are checked later, in sema.c, so this file reads as the grammar.
 *
 * Error recovery: a statement or an attribute that does not parse is skipped
 * up to the next newline, ';' or '}' (the `error` alternatives below), so one
 * run reports every independent mistake.  Syntax errors are worded by
 * yyreport_syntax_error() at the end of this file, which also names the
 * likely mistake when it recognises one.
 */
%require "3.8"
%expect 0
%define api.pure full
%define api.token.prefix {TOK_}
%define api.value.type union
%define api.location.type {struct arch_loc}
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner}

%code requires {
  #include "internal.h"
  #ifndef YY_TYPEDEF_YY_SCANNER_T
  # define YY_TYPEDEF_YY_SCANNER_T
  typedef void *yyscan_t;
  #endif
  struct lex_number { double value; char suffix; };
  struct edge_tail { struct ast_attr *items; char *label; struct arch_loc label_loc; };
  struct flow_parts { struct ast_attr *attrs; struct ast_stmt *edges; };
  #define YYLLOC_DEFAULT(Cur, Rhs, N)                                        \
    do {                                                                     \
      if (N) {                                                               \
        (Cur).file = YYRHSLOC(Rhs, 1).file;                                  \
        (Cur).begin = YYRHSLOC(Rhs, 1).begin;                                \
        (Cur).end = YYRHSLOC(Rhs, N).end;                                    \
      } else {                                                               \
        (Cur) = YYRHSLOC(Rhs, 0);                                            \
        (Cur).begin = (Cur).end;                                             \
      }                                                                      \
    } while (0)
}

%code provides {
  int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, yyscan_t scanner);
  void yyerror(YYLTYPE *loc, yyscan_t scanner, const char *msg);
  struct lex_state *yyget_extra(yyscan_t scanner);
}

%code {
  #include <ctype.h>
  #include <stdlib.h>
  #include <string.h>
  #include "units.h"
  #define LS (yyget_extra(scanner))
  #define NEW(type) ((type *)arena_alloc(&LS->c->arena, sizeof(type)))

  static struct ast_stmt *new_stmt(yyscan_t scanner, enum stmt_kind kind, struct arch_loc loc) {
    struct ast_stmt *s = NEW(struct ast_stmt);
    s->kind = kind;
    s->loc = loc;
    return s;
  }
  static struct ast_expr *new_expr(yyscan_t scanner, enum expr_op op, struct arch_loc loc) {
    struct ast_expr *e = NEW(struct ast_expr);
    e->op = op;
    e->loc = loc;
    return e;
  }
  /* Expressions are walked recursively later, so their depth is limited
     here; past it the compilation stops, and the scanner ends the input. */
  static struct ast_expr *binary(yyscan_t scanner, enum expr_op op, struct ast_expr *l,
                                 struct ast_expr *r, struct arch_loc loc) {
    struct ast_expr *e = new_expr(scanner, op, loc);
    e->left = l;
    e->right = r;
    int below = l->depth > (r ? r->depth : 0) ? l->depth : (r ? r->depth : 0);
    e->depth = below + 1;
    if (e->depth == LIMIT_EXPR_DEPTH && !LS->c->stop) {
      diag_at(LS->c, DIAG_ERROR, loc, "expression nested deeper than %d operators",
              LIMIT_EXPR_DEPTH);
      diag_help(LS->c, "split it into workload values that refer to each other");
      LS->c->stop = true;
    }
    return e;
  }
  /* Lists are built backwards by left recursion, which keeps the parser's
     stack shallow and appending O(1), and are turned round once, here. */
  #define REVERSE(type, list)                                                  \
    do {                                                                       \
      type *out_ = NULL, *cur_ = (list);                                       \
      while (cur_) { type *n_ = cur_->next; cur_->next = out_; out_ = cur_; cur_ = n_; } \
      (list) = out_;                                                           \
    } while (0)
  static struct ast_stmt *edge_stmt(yyscan_t scanner, struct ast_endpoint *chain,
                                    struct edge_tail tail, struct arch_loc loc) {
    struct ast_stmt *s = new_stmt(scanner, STMT_EDGE, loc);
    REVERSE(struct ast_endpoint, chain);
    s->chain = chain;
    s->attrs = tail.items;
    s->text = tail.label;
    s->text_loc = tail.label_loc;
    return s;
  }
}

%token <char *> IDENT "name" QNAME "qualified name" STRING "string"
%token <struct lex_number> NUMBER "number" PERCENT "percentage"
%token <bool> BOOL "true or false"
%token TITLE "'title'" IMPORT "'import'" WORKLOAD "'workload'" KIND "'kind'"
%token REGION "'region'" ZONE "'zone'" GROUP "'group'"
%token RULE "'rule'" REVIEW "'review'" ALLOW "'allow'" FLOW "'flow'"
%token VIEW "'view'"
%token REQUIREMENTS "'requirements'"
%token AND "'and'" OR "'or'" NOT "'not'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='"
%token ARROW "'->'" NL "newline"

%type <struct ast_stmt *> stmts stmt_list stmt group view req_body req_list req_item
%type <enum stmt_kind> group_word
%type <char *> opt_label opt_base
%type <struct ast_attr *> attr_block opt_attr_block attrs attr_list attr edge_items edge_item edge_box
%type <struct ast_attr *> req_exprs req_expr_list req_expr
%type <struct ast_expr *> expr exprs
%type <struct ast_ref *> ref refs
%type <struct ast_endpoint *> endpoint chain
%type <struct edge_tail> edge_tail
%type <struct flow_parts> flow_body flow_list flow_item

%left OR
%left AND
%precedence NOT
%nonassoc '<' '>' LE GE EQ NE
%left '+' '-'
%left '*' '/'
%precedence NEG

%%

/* design = { statement sep } */
design
  : stmts                { REVERSE(struct ast_stmt, $1); LS->result = $1; }
  ;

/* Statements separated by newlines or ';', built in reverse.  A statement
   that does not parse is skipped by `stmt_list error`, which keeps the
   statements parsed before it even when recovery fails again later in the
   same line (an `error` alternative in `stmt` instead would let Bison pop
   the whole list to reach a state that accepts the error). */
stmts
  : %empty               { $$ = NULL; }
  | seps                 { $$ = NULL; }
  | stmt_list            { $$ = $1; }
  | seps stmt_list       { $$ = $2; }
  ;

seps : sep | seps sep ;

stmt_list
  : stmt                 { $$ = $1; }
  | error                { $$ = NULL; }
  | stmt_list sep        { $$ = $1; }
  | stmt_list sep stmt   { $$ = $1; $3->next = $1; $$ = $3; }
  | stmt_list error      { $$ = $1; }
  ;

/* A separator ends the statement in error too: the next one is reported
   even when it follows closer than Bison's three tokens of silence. */
sep : NL { yyerrok; } | ';' { yyerrok; } ;

stmt
  : TITLE STRING         { $$ = new_stmt(scanner, STMT_TITLE, @1); $$->text = $2; $$->text_loc = @2; }
  | IMPORT STRING        { $$ = new_stmt(scanner, STMT_IMPORT, @1); $$->text = $2; $$->text_loc = @2; }
  | WORKLOAD attr_block  { $$ = new_stmt(scanner, STMT_WORKLOAD, @1); $$->attrs = $2; }
  | RULE IDENT attr_block
      {
        $$ = new_stmt(scanner, STMT_RULE, @1);
        $$->name = $2; $$->name_loc = @2;
        $$->attrs = $3;
      }
  | REVIEW attr_block    { $$ = new_stmt(scanner, STMT_REVIEW, @1); $$->attrs = $2; }
  | KIND IDENT opt_base opt_attr_block
      {
        $$ = new_stmt(scanner, STMT_KIND, @1);
        $$->name = $2; $$->name_loc = @2;
        $$->type = $3; $$->type_loc = @3;
        $$->attrs = $4;
      }
  | IDENT IDENT opt_label opt_attr_block
      {
        $$ = new_stmt(scanner, STMT_COMPONENT, @1);
        $$->type = $1; $$->type_loc = @1;
        $$->name = $2; $$->name_loc = @2;
        $$->text = $3; $$->text_loc = @3;
        $$->attrs = $4;
      }
  | group                { $$ = $1; }
  | view                 { $$ = $1; }
  | chain edge_tail      { $$ = edge_stmt(scanner, $1, $2, @1); }
  | FLOW IDENT opt_label '{' flow_body '}'
      {
        $$ = new_stmt(scanner, STMT_FLOW, @1);
        $$->name = $2; $$->name_loc = @2;
        $$->text = $3; $$->text_loc = @3;
        REVERSE(struct ast_attr, $5.attrs);
        REVERSE(struct ast_stmt, $5.edges);
        $$->attrs = $5.attrs;
        $$->body = $5.edges;
      }
  | REQUIREMENTS '{' req_body '}'
      {
        $$ = new_stmt(scanner, STMT_REQUIREMENTS, @1);
        REVERSE(struct ast_stmt, $3);
        $$->body = $3;
      }
  ;

/* requirements = "requirements" "{" { requirement sep } "}", where a
   requirement is a comparison (`regions >= 2`) for the whole design, or
   "flow" name "{" { comparison sep } "}" for one flow.  The comparisons
   are expressions; which names and directions they may use is checked in
   front/require.c, which can say what was meant. */
req_body
  : %empty               { $$ = NULL; }
  | seps                 { $$ = NULL; }
  | req_list             { $$ = $1; }
  | seps req_list        { $$ = $2; }
  ;

req_list
  : req_item             { $$ = $1; }
  | error                { $$ = NULL; }
  | req_list sep         { $$ = $1; }
  | req_list sep req_item { $$ = $1; $3->next = $1; $$ = $3; }
  | req_list error       { $$ = $1; }
  ;

req_item
  : req_expr             { $$ = new_stmt(scanner, STMT_REQUIRE, @1); $$->attrs = $1; }
  | group_word GE expr
      {
        /* `region >= 2` for `regions >= 2`: the keyword as a name, so the
           resolver can say which requirement was meant. */
        struct ast_expr *name = new_expr(scanner, EXPR_NAME, @1);
        name->name = $1 == STMT_REGION ? "region" : $1 == STMT_ZONE ? "zone" : "group";
        name->name_loc = @1;
        struct ast_attr *a = NEW(struct ast_attr);
        a->loc = @$;
        a->value = binary(scanner, EXPR_GE, name, $3, @$);
        $$ = new_stmt(scanner, STMT_REQUIRE, @1);
        $$->attrs = a;
      }
  | FLOW IDENT '{' req_exprs '}'
      {
        $$ = new_stmt(scanner, STMT_FLOW, @1);
        $$->name = $2; $$->name_loc = @2;
        REVERSE(struct ast_attr, $4);
        $$->attrs = $4;
      }
  ;

req_exprs
  : %empty               { $$ = NULL; }
  | seps                 { $$ = NULL; }
  | req_expr_list        { $$ = $1; }
  | seps req_expr_list   { $$ = $2; }
  ;

req_expr_list
  : req_expr             { $$ = $1; }
  | error                { $$ = NULL; }
  | req_expr_list sep    { $$ = $1; }
  | req_expr_list sep req_expr { $$ = $1; $3->next = $1; $$ = $3; }
  | req_expr_list error  { $$ = $1; }
  ;

req_expr
  : expr                 { $$ = NEW(struct ast_attr); $$->loc = @1; $$->value = $1; }
  ;

/* flow = "flow" name [label] "{" { attr | edge } "}": its attributes and
   its path, each list built backwards like any other. */
flow_body
  : %empty               { $$.attrs = NULL; $$.edges = NULL; }
  | seps                 { $$.attrs = NULL; $$.edges = NULL; }
  | flow_list            { $$ = $1; }
  | seps flow_list       { $$ = $2; }
  ;

flow_list
  : flow_item            { $$ = $1; }
  | error                { $$.attrs = NULL; $$.edges = NULL; }
  | flow_list sep        { $$ = $1; }
  | flow_list sep flow_item
      {
        $$ = $1;
        if ($3.attrs) { $3.attrs->next = $$.attrs; $$.attrs = $3.attrs; }
        if ($3.edges) { $3.edges->next = $$.edges; $$.edges = $3.edges; }
      }
  | flow_list error      { $$ = $1; }
  ;

flow_item
  : attr                 { $$.attrs = $1; $$.edges = NULL; }
  | chain edge_tail      { $$.attrs = NULL; $$.edges = edge_stmt(scanner, $1, $2, @1); }
  ;

opt_base
  : %empty               { $$ = NULL; }
  | ':' IDENT            { $$ = $2; @$ = @2; }
  ;

opt_label
  : %empty               { $$ = NULL; }
  | STRING               { $$ = $1; }
  ;

/* group = ("region" | "zone" | "group") name [label] "{" statements "}" */
group
  : group_word IDENT opt_label '{' stmts '}'
      {
        $$ = new_stmt(scanner, $1, @1);
        $$->name = $2; $$->name_loc = @2;
        $$->text = $3; $$->text_loc = @3;
        REVERSE(struct ast_stmt, $5);
        $$->body = $5;
      }
  ;

/* view = "view" name [label] attr_block: what one drawing of the design
   shows (docs/language.md, "Views"); its attributes are checked in
   resolve.c. */
view
  : VIEW IDENT opt_label attr_block
      {
        $$ = new_stmt(scanner, STMT_VIEW, @1);
        $$->name = $2; $$->name_loc = @2;
        $$->text = $3; $$->text_loc = @3;
        $$->attrs = $4;
      }
  ;

group_word
  : REGION               { $$ = STMT_REGION; }
  | ZONE                 { $$ = STMT_ZONE; }
  | GROUP                { $$ = STMT_GROUP; }
  ;

/* attr_block = "{" { name "=" expr sep } "}" */
opt_attr_block
  : %empty               { $$ = NULL; }
  | attr_block           { $$ = $1; }
  ;

attr_block
  : '{' attrs '}'        { REVERSE(struct ast_attr, $2); $$ = $2; }
  ;

attrs
  : %empty               { $$ = NULL; }
  | seps                 { $$ = NULL; }
  | attr_list            { $$ = $1; }
  | seps attr_list       { $$ = $2; }
  ;

attr_list
  : attr                 { $$ = $1; }
  | error                { $$ = NULL; }
  | attr_list sep        { $$ = $1; }
  | attr_list sep attr   { $$ = $1; $3->next = $1; $$ = $3; }
  | attr_list error      { $$ = $1; }
  ;

/* attr = name "=" expr | "allow" rule [reason] */
attr
  : IDENT '=' expr
      {
        $$ = NEW(struct ast_attr);
        $$->name = $1; $$->loc = @1; $$->value = $3;
      }
  | QNAME '=' expr
      {
        $$ = NEW(struct ast_attr);
        $$->name = $1; $$->loc = @1; $$->value = $3;
      }
  | ALLOW IDENT opt_label
      {
        $$ = NEW(struct ast_attr);
        $$->name = $2; $$->loc = @2; $$->allow = true; $$->reason = $3;
        $$->allow_loc = @1;
      }
  ;

/* edge = endpoint "->" endpoint { "->" endpoint } ["[" items "]"] [":" label] */
chain
  : endpoint ARROW endpoint  { $3->next = $1; $$ = $3; }
  | chain ARROW endpoint  { $3->next = $1; $$ = $3; }
  ;

endpoint
  : ref                  { $$ = NEW(struct ast_endpoint); $$->refs = $1; }
  | '{' nls refs nls '}'
      { $$ = NEW(struct ast_endpoint); REVERSE(struct ast_ref, $3); $$->refs = $3; }
  ;

refs
  : ref                  { $$ = $1; }
  | refs ',' nls ref     { $4->next = $1; $$ = $4; }
  ;

nls : %empty | nls NL ;

ref
  : IDENT                { $$ = NEW(struct ast_ref); $$->name = $1; $$->loc = @1; }
  | QNAME                { $$ = NEW(struct ast_ref); $$->name = $1; $$->loc = @1; }
  ;

edge_tail
  : %empty                      { $$.items = NULL; $$.label = NULL; $$.label_loc = @$; }
  | edge_box                    { $$.items = $1; $$.label = NULL; $$.label_loc = @$; }
  | ':' STRING                  { $$.items = NULL; $$.label = $2; $$.label_loc = @2; }
  | edge_box ':' STRING         { $$.items = $1; $$.label = $3; $$.label_loc = @3; }
  | ':' STRING edge_box         { $$.items = $3; $$.label = $2; $$.label_loc = @2; }
  ;

edge_box
  : '[' edge_items ']'   { REVERSE(struct ast_attr, $2); $$ = $2; }
  ;

edge_items
  : edge_item            { $$ = $1; }
  | edge_items ',' edge_item   { $3->next = $1; $$ = $3; }
  ;

edge_item
  : IDENT                { $$ = NEW(struct ast_attr); $$->name = $1; $$->loc = @1; }
  | IDENT '=' expr       { $$ = NEW(struct ast_attr); $$->name = $1; $$->loc = @1; $$->value = $3; }
  ;

/* expr: arithmetic over numbers with units, names, strings and lists. */
expr
  : expr '+' expr        { $$ = binary(scanner, EXPR_ADD, $1, $3, @$); }
  | expr '-' expr        { $$ = binary(scanner, EXPR_SUB, $1, $3, @$); }
  | expr '*' expr        { $$ = binary(scanner, EXPR_MUL, $1, $3, @$); }
  | expr '/' expr        { $$ = binary(scanner, EXPR_DIV, $1, $3, @$); }
  | expr AND expr        { $$ = binary(scanner, EXPR_AND, $1, $3, @$); }
  | expr OR expr         { $$ = binary(scanner, EXPR_OR, $1, $3, @$); }
  | NOT expr             { $$ = binary(scanner, EXPR_NOT, $2, NULL, @$); }
  | expr '<' expr        { $$ = binary(scanner, EXPR_LT, $1, $3, @$); }
  | expr '>' expr        { $$ = binary(scanner, EXPR_GT, $1, $3, @$); }
  | expr LE expr         { $$ = binary(scanner, EXPR_LE, $1, $3, @$); }
  | expr GE expr         { $$ = binary(scanner, EXPR_GE, $1, $3, @$); }
  | expr EQ expr         { $$ = binary(scanner, EXPR_EQ, $1, $3, @$); }
  | expr NE expr         { $$ = binary(scanner, EXPR_NE, $1, $3, @$); }
  | '-' expr %prec NEG   { $$ = binary(scanner, EXPR_NEG, $2, NULL, @$); }
  | '(' expr ')'         { $$ = $2; }
  | NUMBER
      {
        $$ = new_expr(scanner, EXPR_NUMBER, @1);
        $$->num = $1.value; $$->suffix = $1.suffix;
      }
  | NUMBER IDENT
      {
        struct ast_expr *n = new_expr(scanner, EXPR_NUMBER, @1);
        n->num = $1.value; n->suffix = $1.suffix;
        $$ = new_expr(scanner, EXPR_QUANTITY, @$);
        $$->left = n; $$->name = $2; $$->name_loc = @2;
      }
  | PERCENT              { $$ = new_expr(scanner, EXPR_PERCENT, @1); $$->num = $1.value; $$->suffix = $1.suffix; }
  | IDENT                { $$ = new_expr(scanner, EXPR_NAME, @1); $$->name = $1; $$->name_loc = @1; }
  | QNAME                { $$ = new_expr(scanner, EXPR_NAME, @1); $$->name = $1; $$->name_loc = @1; }
  | STRING               { $$ = new_expr(scanner, EXPR_STRING, @1); $$->name = $1; }
  | BOOL                 { $$ = new_expr(scanner, EXPR_BOOL, @1); $$->boolean = $1; }
  | '[' ']'              { $$ = new_expr(scanner, EXPR_LIST, @$); }
  | '[' exprs ']'
      { REVERSE(struct ast_expr, $2); $$ = new_expr(scanner, EXPR_LIST, @$); $$->left = $2; }
  ;

exprs
  : expr                 { $$ = $1; }
  | exprs ',' expr       { $3->next = $1; $$ = $3; }
  ;

%%

/* Every name a token has in messages; the scanner's tokens are looked up
   by text only to show what the user wrote. */
static bool is_word_token(yysymbol_kind_t k) {
  return k == YYSYMBOL_IDENT || k == YYSYMBOL_QNAME || k == YYSYMBOL_NUMBER ||
         k == YYSYMBOL_PERCENT || k == YYSYMBOL_BOOL;
}

/* Character tokens have no stable symbol number; their name is "'='". */
static bool sym_is(yysymbol_kind_t k, const char *name) {
  return strcmp(yysymbol_name(k), name) == 0;
}

static bool is_keyword(yysymbol_kind_t k) {
  return k == YYSYMBOL_TITLE || k == YYSYMBOL_IMPORT || k == YYSYMBOL_WORKLOAD ||
         k == YYSYMBOL_KIND || k == YYSYMBOL_REGION || k == YYSYMBOL_ZONE ||
         k == YYSYMBOL_GROUP || k == YYSYMBOL_RULE || k == YYSYMBOL_REVIEW ||
         k == YYSYMBOL_ALLOW || k == YYSYMBOL_FLOW || k == YYSYMBOL_VIEW || k == YYSYMBOL_REQUIREMENTS || k == YYSYMBOL_AND || k == YYSYMBOL_OR || k == YYSYMBOL_NOT;
}

/* The name written just before offset `at` (skipping blanks), into out. */
static void name_before(const char *text, uint32_t at, char *out, size_t size) {
  uint32_t end = at;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) end--;
  uint32_t begin = end;
  while (begin > 0 && (isalnum((unsigned char)text[begin - 1]) || text[begin - 1] == '_' ||
                       text[begin - 1] == '.'))
    begin--;
  snprintf(out, size, "%.*s", (int)(end - begin), text + begin);
}

/* The name written from offset `at` on (after blanks), into out. */
static void name_after(const char *text, uint32_t len, uint32_t at, char *out, size_t size) {
  while (at < len && (text[at] == ' ' || text[at] == '\t')) at++;
  uint32_t end = at;
  while (end < len && (isalnum((unsigned char)text[end]) || text[end] == '_' || text[end] == '.'))
    end++;
  snprintf(out, size, "%.*s", (int)(end - at), text + at);
}

/* Arrows from other notations, where the grammar wanted '->': '=>', '-->'
   and '--' (Mermaid, D2, Graphviz), and '<-', which also turns the edge
   round.  They are recognised here, after the parse failed, so that a
   valid expression such as 'x<-1' is never read as an arrow. */
static bool help_arrow(archc *c, const struct source *src, YYLTYPE loc) {
  const char *t = src->text + loc.begin;
  uint32_t left = src->len - loc.begin;
  const char *arrow = left >= 3 && memcmp(t, "-->", 3) == 0 ? "-->"
                    : left >= 2 && memcmp(t, "--", 2) == 0 ? "--"
                    : left >= 2 && memcmp(t, "=>", 2) == 0 ? "=>"
                    : left >= 2 && memcmp(t, "<-", 2) == 0 ? "<-" : NULL;
  if (!arrow) return false;
  if (strcmp(arrow, "<-") != 0) {
    diag_help(c, "an edge is written 'a -> b'; write '->' for '%s'", arrow);
    return true;
  }
  char from[LIMIT_IDENT + 1], to[LIMIT_IDENT + 1];
  name_before(src->text, loc.begin, from, sizeof from);
  name_after(src->text, src->len, loc.begin + 2, to, sizeof to);
  if (from[0] && to[0])
    diag_help(c, "'<-' is not an arrow; write the edge the other way: %s -> %s", to, from);
  else
    diag_help(c, "'<-' is not an arrow; write the edge the other way: b -> a");
  return true;
}

/* '10,000': a thousands separator, seen as a ',' between digits with three
   digits after it.  Suggests the number without it, and with a multiplier. */
static bool help_thousands(archc *c, const struct source *src, YYLTYPE loc) {
  const char *t = src->text;
  uint32_t begin = loc.begin;
  if (begin == 0 || !isdigit((unsigned char)t[begin - 1])) return false;
  while (begin > 0 && (isdigit((unsigned char)t[begin - 1]) || t[begin - 1] == ',')) begin--;
  if (begin > 0 && (isalpha((unsigned char)t[begin - 1]) || t[begin - 1] == '_')) return false;
  char digits[64];
  size_t n = 0;
  uint32_t i = begin;
  while (i < src->len && n + 1 < sizeof digits) {
    if (isdigit((unsigned char)t[i])) {
      digits[n++] = t[i++];
    } else if (t[i] == ',' && i + 3 < src->len &&
               isdigit((unsigned char)t[i + 1]) && isdigit((unsigned char)t[i + 2]) &&
               isdigit((unsigned char)t[i + 3]) &&
               (i + 4 >= src->len || !isdigit((unsigned char)t[i + 4]))) {
      i++;
    } else {
      break;
    }
  }
  digits[n] = '\0';
  if (i <= loc.begin) return false;   /* the ',' at loc was not followed by three digits */
  double v = strtod(digits, NULL);
  diag_help(c, "numbers have no thousands separator: write '%s' or '%g%s'", digits,
            v >= 1e6 ? v / 1e6 : v / 1e3, v >= 1e6 ? "M" : "k");
  return true;
}

/* '5 k rps': a multiplier written apart from its number. */
static bool help_split_multiplier(archc *c, const struct source *src, YYLTYPE loc) {
  const char *t = src->text;
  uint32_t i = loc.begin;
  while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t')) i--;
  if (i < 2 || t[i - 1] == '\0' || !strchr("kKMGBT", t[i - 1])) return false;
  uint32_t m = i - 1;
  if (m > 0 && (isalnum((unsigned char)t[m - 1]) || t[m - 1] == '_')) return false;
  uint32_t j = m;
  while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t')) j--;
  if (j == m || j == 0 || !isdigit((unsigned char)t[j - 1])) return false;
  uint32_t k = j;
  while (k > 0 && (isdigit((unsigned char)t[k - 1]) || t[k - 1] == '.' || t[k - 1] == '_')) k--;
  diag_help(c, "write '%.*s%c', without a space: '%.*s%c %.*s'", (int)(j - k), t + k, t[m],
            (int)(j - k), t + k, t[m], (int)(loc.end - loc.begin), t + loc.begin);
  return true;
}

/* "unexpected 'x', expected a, b or c", then a help line when the mistake
   is one people often make. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner) {
  struct lex_state *ls = LS;
  archc *c = ls->c;
  if (c->stop) return 0;
  YYLTYPE loc = *yypcontext_location(ctx);
  yysymbol_kind_t got = yypcontext_token(ctx);
  /* The end of the file inside a '{' already reported as open says nothing new. */
  if (got == YYSYMBOL_YYEOF && ls->depth > 0 && ls->noted_open == ls->open[ls->depth].begin + 1)
    return 0;
  enum { MAX_EXPECTED = 6, ALL = 64 };
  yysymbol_kind_t exp[ALL];
  int n = yypcontext_expected_tokens(ctx, exp, ALL);
  if (n < 0) n = 0;
  bool wants_value = false;
  for (int i = 0; i < n; i++) wants_value |= exp[i] == YYSYMBOL_NUMBER;

  const struct source *src = &c->sources[loc.file];
  char what[96];
  if (got == YYSYMBOL_YYEOF) {
    snprintf(what, sizeof what, "end of file");
  } else if (is_word_token(got) || got == YYSYMBOL_STRING) {
    uint32_t len = loc.end - loc.begin;
    snprintf(what, sizeof what, "%s '%.*s%s'", yysymbol_name(got), len > 40 ? 40 : (int)len,
             src->text + loc.begin, len > 40 ? "..." : "");
  } else {
    snprintf(what, sizeof what, "%s", yysymbol_name(got));
  }

  char expected[256] = "";
  size_t used = 0;
  bool wants_eq = false, wants_sep = false, wants_name = false, wants_close = false;
  for (int i = 0; i < n && n <= MAX_EXPECTED - 1; i++) {
    const char *sep = i == 0 ? "" : i == n - 1 ? " or " : ", ";
    int w = snprintf(expected + used, sizeof expected - used, "%s%s", sep, yysymbol_name(exp[i]));
    if (w > 0 && (size_t)w < sizeof expected - used) used += (size_t)w;
    wants_eq |= sym_is(exp[i], "'='");
    wants_sep |= exp[i] == YYSYMBOL_NL;
    wants_name |= exp[i] == YYSYMBOL_IDENT;
    wants_close |= sym_is(exp[i], "'}'");
  }
  if (loc.begin == loc.end && got == YYSYMBOL_YYEOF && loc.begin > 0) loc.begin--;
  if (used)
    diag_at(c, DIAG_ERROR, loc, "unexpected %s, expected %s", what, expected);
  else if (wants_value)
    diag_at(c, DIAG_ERROR, loc, "unexpected %s, expected a value", what);
  else
    diag_at(c, DIAG_ERROR, loc, "unexpected %s", what);
  char word[LIMIT_IDENT + 1] = "";
  if (got == YYSYMBOL_IDENT && loc.end - loc.begin <= LIMIT_IDENT)
    snprintf(word, sizeof word, "%.*s", (int)(loc.end - loc.begin), src->text + loc.begin);

  bool wants_arrow = false;
  for (int i = 0; i < n; i++) wants_arrow |= exp[i] == YYSYMBOL_ARROW;

  if (wants_arrow && help_arrow(c, src, loc)) {
  } else if (sym_is(got, "','") && help_thousands(c, src, loc)) {
  } else if (word[0] && units_find(word) && help_split_multiplier(c, src, loc)) {
  } else if (got == YYSYMBOL_YYEOF && ls->depth > 0) {
    diag_at(c, DIAG_NOTE, ls->open[ls->depth], "to match this '%c'",
            src->text[ls->open[ls->depth].begin]);
  } else if (wants_eq && got == YYSYMBOL_IDENT && ls->depth > 0 &&
             src->text[ls->open[ls->depth].begin] == '{') {
    diag_at(c, DIAG_NOTE, ls->open[ls->depth], "this '{' is still open: is a '}' missing?");
    ls->noted_open = ls->open[ls->depth].begin + 1;
  } else if (word[0] && units_find(word)) {
    diag_help(c, "a number takes one unit, written after it: '5k rps', '32 GB'");
  } else if (wants_eq && sym_is(got, "':'")) {
    diag_help(c, "attributes are written 'name = value'");
  } else if (wants_name && is_keyword(got)) {
    diag_help(c, "%s is a keyword and cannot name a component; choose another name",
              yysymbol_name(got));
  } else if (wants_sep && (is_word_token(got) || got == YYSYMBOL_STRING)) {
    diag_help(c, "end each statement with a newline or ';'");
  } else if (wants_close && got == YYSYMBOL_YYEOF) {
    diag_help(c, "a '}' is missing");
  }
  return 0;
}

void yyerror(YYLTYPE *loc, yyscan_t scanner, const char *msg) {
  struct lex_state *ls = LS;
  if (!ls->c->stop) diag_at(ls->c, DIAG_ERROR, *loc, "%s", msg);
}
