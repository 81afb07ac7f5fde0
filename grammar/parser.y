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
}

%token <char *> IDENT "name" QNAME "qualified name" STRING "string"
%token <struct lex_number> NUMBER "number" PERCENT "percentage"
%token <bool> BOOL "true or false"
%token TITLE "'title'" IMPORT "'import'" WORKLOAD "'workload'" KIND "'kind'"
%token REGION "'region'" ZONE "'zone'" GROUP "'group'"
%token RULE "'rule'" REVIEW "'review'" ALLOW "'allow'"
%token AND "'and'" OR "'or'" NOT "'not'"
%token LE "'<='" GE "'>='" EQ "'=='" NE "'!='"
%token ARROW "'->'" NL "newline"

%type <struct ast_stmt *> stmts stmt_list stmt group
%type <enum stmt_kind> group_word
%type <char *> opt_label opt_base
%type <struct ast_attr *> attr_block opt_attr_block attrs attr_list attr edge_items edge_item edge_box
%type <struct ast_expr *> expr exprs
%type <struct ast_ref *> ref refs
%type <struct ast_endpoint *> endpoint chain
%type <struct edge_tail> edge_tail

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

sep : NL | ';' ;

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
  | chain edge_tail
      {
        $$ = new_stmt(scanner, STMT_EDGE, @1);
        REVERSE(struct ast_endpoint, $1);
        $$->chain = $1;
        $$->attrs = $2.items;
        $$->text = $2.label; $$->text_loc = $2.label_loc;
      }
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
         k == YYSYMBOL_ALLOW || k == YYSYMBOL_AND || k == YYSYMBOL_OR || k == YYSYMBOL_NOT;
}

/* "unexpected 'x', expected a, b or c", then a help line when the mistake
   is one people often make. */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner) {
  struct lex_state *ls = LS;
  archc *c = ls->c;
  if (c->stop) return 0;
  YYLTYPE loc = *yypcontext_location(ctx);
  yysymbol_kind_t got = yypcontext_token(ctx);
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

  if (got == YYSYMBOL_YYEOF && ls->depth > 0) {
    diag_at(c, DIAG_NOTE, ls->open[ls->depth], "to match this '%c'",
            src->text[ls->open[ls->depth].begin]);
  } else if (wants_eq && got == YYSYMBOL_IDENT && ls->depth > 0 &&
             src->text[ls->open[ls->depth].begin] == '{') {
    diag_at(c, DIAG_NOTE, ls->open[ls->depth], "this '{' is still open: is a '}' missing?");
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
