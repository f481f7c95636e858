/* Spreadsheet files (issue 18): the member columns' English and Chinese header names,
 * how an imported file's encoding is found (UTF-8, or GB18030/GBK as Excel on Chinese
 * Windows saves CSV), the width a cell's text takes, and the CSV form of a sheet. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "yinhui/csv.h"
#include "yinhui/member_json.h"
#include "yinhui/sheet.h"

static void member_headers_in_either_language(void **s)
{
    (void)s;
    assert_int_equal(member_csv_column("name"), MC_NAME);
    assert_int_equal(member_csv_column("姓名"), MC_NAME);
    assert_int_equal(member_csv_column("性别"), MC_GENDER);
    assert_int_equal(member_csv_column("身份证号"), MC_IDNO);
    assert_int_equal(member_csv_column("身份证号码"), MC_IDNO);
    assert_int_equal(member_csv_column("人员类别"), MC_CATEGORY);
    assert_int_equal(member_csv_column("混编党支部"), MC_MANAGED_BRANCH);
    assert_int_equal(member_csv_column("salary"), -1);
    assert_int_equal(member_csv_column("姓"), -1);
    assert_int_equal(member_csv_column(""), -1);
    /* every column has a Chinese name, and the export's name reads back as its column */
    for (int c = 0; c < MC_NCOLS; c++) {
        const char *zh = member_csv_header(c, true, false);
        assert_string_not_equal(zh, member_csv_columns[c]);
        assert_int_equal(member_csv_column(zh), c);
        assert_string_equal(member_csv_header(c, false, false), member_csv_columns[c]);
        assert_int_equal(member_csv_column(member_csv_header(c, false, false)), c);
    }
    /* the masked export's birth column holds a year: not a column the import takes */
    assert_string_equal(member_csv_header(MC_BIRTH, true, true), "出生年份");
    assert_string_equal(member_csv_header(MC_BIRTH, false, true), "birth_year");
    assert_int_equal(member_csv_column("出生年份"), -1);
}

static void utf8_is_taken_as_it_is(void **s)
{
    (void)s;
    struct buf out = {0};
    size_t bad = 99;
    const char *bom = "\xEF\xBB\xBF姓名,身份证号\r\n张三,1\r\n";
    assert_int_equal(csv_decode(bom, strlen(bom), &out, &bad), CSV_UTF8);
    assert_int_equal(out.len, 0);
    assert_int_equal(bad, 0);
    assert_int_equal(csv_decode("name\r\n", 6, &out, &bad), CSV_UTF8);
    assert_string_equal(csv_encoding_name(CSV_UTF8), "UTF-8");
    buf_free(&out);
}

static void gbk_is_converted(void **s)
{
    (void)s;
    struct buf out = {0};
    size_t bad = 0;
    /* 姓名,張三,张三 in GBK (張 is in GBK's traditional part), CRLF, no BOM */
    const char gbk[] = "\xD0\xD5\xC3\xFB,\x8F\x88\xC8\xFD,\xD5\xC5\xC8\xFD\r\n";
    assert_int_equal(csv_decode(gbk, strlen(gbk), &out, &bad), CSV_GB18030);
    assert_string_equal(out.data, "姓名,張三,张三\r\n");
    assert_int_equal(out.len, strlen("姓名,張三,张三\r\n"));
    /* a four-byte GB18030 sequence (an emoji outside GBK) */
    assert_int_equal(csv_decode("\x94\x39\xFC\x36", 4, &out, &bad), CSV_GB18030);
    assert_string_equal(out.data, "😀");
    assert_string_equal(csv_encoding_name(CSV_GB18030), "GB18030");
    buf_free(&out);
}

static void undecodable_files_are_named(void **s)
{
    (void)s;
    struct buf out = {0};
    size_t bad = 0;
    /* 0xFF is no byte of either; its offset is reported */
    assert_int_equal(csv_decode("name\r\n\xD5\xC5\xFF,1", 10, &out, &bad), CSV_UNKNOWN);
    assert_int_equal(bad, 8);
    assert_int_equal(out.len, 0);
    /* a lead byte cut off at the end of the file */
    assert_int_equal(csv_decode("ab\xD5", 3, &out, &bad), CSV_UNKNOWN);
    assert_int_equal(bad, 2);
    /* UTF-16 (Excel's "Unicode text") by its byte-order mark */
    assert_int_equal(csv_decode("\xFF\xFE\xD3\x59\x0D\x54", 6, &out, &bad), CSV_UTF16);
    /* a NUL byte is no text in either */
    assert_int_equal(csv_decode("a\0\xD5\xC5", 4, &out, &bad), CSV_UNKNOWN);
    assert_int_equal(bad, 1);
    buf_free(&out);
}

static void cjk_counts_double(void **s)
{
    (void)s;
    assert_int_equal(sheet_text_width(""), 0);
    assert_int_equal(sheet_text_width(NULL), 0);
    assert_int_equal(sheet_text_width("abc"), 3);
    assert_int_equal(sheet_text_width("张三"), 4);
    assert_int_equal(sheet_text_width("党费（元）"), 10);
    assert_int_equal(sheet_text_width("景洪市 a"), 8);
    assert_int_equal(sheet_text_width("é"), 1);
}

static void csv_sheet_writes_the_same_cells(void **s)
{
    (void)s;
    struct sheet sh;
    static const char *const head[] = {"姓名", "金额"};
    assert_true(sheet_open(&sh, SHEET_CSV, "x"));
    sheet_header(&sh, head, 2);
    sheet_text(&sh, "=cmd");
    sheet_number(&sh, 12.5, 2);
    sheet_end_row(&sh);
    sheet_text(&sh, "a,b");
    sheet_number(&sh, 3, 0);
    sheet_end_row(&sh);
    assert_string_equal(sh.csv.data, "\xEF\xBB\xBF姓名,金额\r\n\"'=cmd\",12.50\r\n\"a,b\",3\r\n");
    assert_int_equal(sh.width[0], 4);
    assert_int_equal(sh.width[1], 5);
    sheet_free(&sh);
}

/* The workbook's parts as a spreadsheet reads them; caller frees *sheet and *strs. */
static void xlsx_of(struct sheet *sh, char **sheet, char **strs)
{
    struct buf file = {0};
    assert_true(sheet_finish(sh, &file));
    assert_true(file.len > 1000 && memcmp(file.data, "PK\x03\x04", 4) == 0);
    *sheet = zip_entry(file.data, file.len, "xl/worksheets/sheet1.xml");
    *strs = zip_entry(file.data, file.len, "xl/sharedStrings.xml");
    assert_non_null(*sheet);
    assert_non_null(*strs);
    buf_free(&file);
}

static void xlsx_sheet_header_widths_and_numbers(void **s)
{
    (void)s;
    struct sheet sh;
    char *sheet = NULL, *strs = NULL;
    static const char *const head[] = {"姓名", "金额", "地址"};
    char longer[400] = "";
    for (int i = 0; i < 40; i++) {
        strcat(longer, "景洪市");
    }
    assert_true(sheet_open(&sh, SHEET_XLSX, "党员名册"));
    sheet_header(&sh, head, 3);
    sheet_text(&sh, "=cmd");
    sheet_number(&sh, 12.5, 2);
    sheet_text(&sh, longer);
    sheet_end_row(&sh);
    xlsx_of(&sh, &sheet, &strs);
    sheet_free(&sh);
    assert_non_null(strstr(strs, "<t>姓名</t>"));
    assert_non_null(strstr(strs, "<t>=cmd</t>")); /* a string, never a formula */
    assert_null(strstr(sheet, "<f>"));
    assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
    assert_non_null(strstr(sheet, "state=\"frozen\""));
    /* 姓名 and =cmd: 4 wide, +2; 12.50: 5, +2; the long address capped at 60 */
    assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" width=\"6.7109375\" customWidth=\"1\"/>"));
    assert_non_null(strstr(sheet, "<col min=\"2\" max=\"2\" width=\"7.7109375\" customWidth=\"1\"/>"));
    assert_non_null(strstr(sheet, "<col min=\"3\" max=\"3\" width=\"60.7109375\" customWidth=\"1\"/>"));
    assert_non_null(strstr(sheet, "<c r=\"B2\" s=\"2\"><v>12.5</v></c>"));
    free(sheet);
    free(strs);
    /* a workbook given up before it is finished is freed unwritten (ASan: no leak) */
    assert_true(sheet_open(&sh, SHEET_XLSX, "x"));
    sheet_header(&sh, head, 3);
    sheet_free(&sh);
    sheet_free(&sh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(member_headers_in_either_language),
        cmocka_unit_test(utf8_is_taken_as_it_is),
        cmocka_unit_test(gbk_is_converted),
        cmocka_unit_test(undecodable_files_are_named),
        cmocka_unit_test(cjk_counts_double),
        cmocka_unit_test(csv_sheet_writes_the_same_cells),
        cmocka_unit_test(xlsx_sheet_header_widths_and_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
