/* Nominal/real conversion and term loans (src/econ/finance_debt.c) against worked examples.
 *  - Fisher: Brealey, Myers & Allen, "Principles of Corporate Finance" (10th ed., 2011, ch. 3.5):
 *    a nominal 10 % with 6 % inflation is a real (1.10 / 1.06) - 1 = 3.774 %.
 *  - Annuity: 1,000,000 at 8 % over 5 years. The 5-year 8 % annuity factor is 3.9927 (present-value
 *    annuity table, Brealey, Myers & Allen, Appendix Table 3: 3.993), so the payment is
 *    1,000,000 / 3.99271 = 250,456.45. Schedule by hand (interest = 8 % of the opening balance):
 *      year  interest     principal    closing balance
 *      1     80,000.00    170,456.45   829,543.55
 *      2     66,363.48    184,092.97   645,450.57
 *      3     51,636.05    198,820.41   446,630.17
 *      4     35,730.41    214,726.04   231,904.12
 *      5     18,552.33    231,904.12   0
 *  - DSCR and LLCR: Yescombe, "Principles of Project Finance" (2nd ed., 2014), the cover ratios
 * (annual DSCR, LLCR). */
#include "orf_test.h"

#include "oreflow/finance.h"

static void fisher_matches_brealey_myers(void **state)
{
    (void)state;
    ORF_ASSERT_ABS(orf_fin_fisher_real(0.10, 0.06), 0.03774, 5e-6);
    ORF_ASSERT_REL(orf_fin_fisher_real(0.10, 0.06), 1.10 / 1.06 - 1.0, 1e-15);
    /* 8 % real at 3 % inflation: 1.08 × 1.03 = 1.1124, nominal 11.24 % */
    ORF_ASSERT_REL(orf_fin_fisher_nominal(0.08, 0.03), 0.1124, 1e-14);
    ORF_ASSERT_REL(orf_fin_fisher_real(orf_fin_fisher_nominal(0.12, 0.05), 0.05), 0.12, 1e-14);
}

static void annuity_payment_matches_the_annuity_table(void **state)
{
    (void)state;
    ORF_ASSERT_ABS(orf_fin_annuity_payment(1e6, 0.08, 5), 250456.45, 0.005);
    ORF_ASSERT_ABS(1e6 / orf_fin_annuity_payment(1e6, 0.08, 5), 3.993, 5e-4);
    ORF_ASSERT_REL(orf_fin_annuity_payment(1e6, 0.0, 4), 250000.0, 1e-15);
}

/* Drawn in year 0 (half a year of interest, 40,000, paid), repaid as an annuity in years 1-5:
 * the table of the file's header. */
static void annuity_schedule_matches_the_hand_table(void **state)
{
    (void)state;
    const double draw[6] = {1e6, 0, 0, 0, 0, 0};
    double in[6], cap[6], fee[6], pr[6], bal[6];
    orf_fin_loan L = {.rate = 0.08,
                      .first_interest_paid = 0,
                      .first_repayment = 1,
                      .repayments = 5,
                      .kind = ORF_FIN_ANNUITY};
    orf_fin_loan_schedule(&L, draw, NULL, 6, in, cap, fee, pr, bal);
    const double interest[6] = {40000.00, 80000.00, 66363.48, 51636.05, 35730.41, 18552.33};
    const double principal[6] = {0, 170456.45, 184092.97, 198820.41, 214726.04, 231904.12};
    const double balance[6] = {1e6, 829543.55, 645450.57, 446630.17, 231904.12, 0};
    for (int t = 0; t < 6; t++) {
        ORF_ASSERT_ABS(in[t], interest[t], 0.006);
        ORF_ASSERT_ABS(pr[t], principal[t], 0.006);
        ORF_ASSERT_ABS(bal[t], balance[t], 0.01);
        ORF_ASSERT_ABS(cap[t], 0.0, 0.0);
        ORF_ASSERT_ABS(fee[t], 0.0, 0.0);
        if (t >= 1) /* level debt service */
            ORF_ASSERT_ABS(in[t] + pr[t], 250456.45, 0.006);
    }
}

/* Construction over two years with capitalised interest, fees, one year of grace, then 4 equal
 * instalments. By hand, 8 %, drawdowns 600,000 and 400,000 (commitment 1,000,000):
 *   year 0: interest 8 % × (0 + 300,000) = 24,000 capitalised; balance 624,000; fees 1.5 % ×
 *           1,000,000 upfront + 0.5 % × (1,000,000 - 0 - 300,000) = 15,000 + 3,500 = 18,500
 *   year 1: interest 8 % × (624,000 + 200,000) = 65,920 capitalised; balance 1,089,920; fee
 *           0.5 % × (1,000,000 - 600,000 - 200,000) = 1,000
 *   year 2: grace, interest 8 % × 1,089,920 = 87,193.60 paid
 *   years 3-6: principal 1,089,920 / 4 = 272,480 each; interest 87,193.60, 65,395.20, 43,596.80,
 *           21,798.40. */
static void straight_line_with_capitalised_interest_and_fees(void **state)
{
    (void)state;
    const double draw[7] = {600000, 400000, 0, 0, 0, 0, 0};
    double in[7], cap[7], fee[7], pr[7], bal[7];
    orf_fin_loan L = {.rate = 0.08,
                      .first_interest_paid = 2,
                      .capitalise_idc = 1,
                      .first_repayment = 3,
                      .repayments = 4,
                      .kind = ORF_FIN_STRAIGHT_LINE,
                      .upfront_fee = 0.015,
                      .commitment_fee = 0.005};
    orf_fin_loan_schedule(&L, draw, NULL, 7, in, cap, fee, pr, bal);
    ORF_ASSERT_REL(cap[0], 24000.0, 1e-14);
    ORF_ASSERT_REL(bal[0], 624000.0, 1e-14);
    ORF_ASSERT_REL(fee[0], 18500.0, 1e-14);
    ORF_ASSERT_REL(cap[1], 65920.0, 1e-14);
    ORF_ASSERT_REL(bal[1], 1089920.0, 1e-14);
    ORF_ASSERT_REL(fee[1], 1000.0, 1e-12);
    ORF_ASSERT_REL(in[2], 87193.60, 1e-14);
    ORF_ASSERT_ABS(cap[2], 0.0, 0.0);
    ORF_ASSERT_ABS(pr[2], 0.0, 0.0);
    const double interest[4] = {87193.60, 65395.20, 43596.80, 21798.40};
    for (int k = 0; k < 4; k++) {
        ORF_ASSERT_REL(pr[3 + k], 272480.0, 1e-12);
        ORF_ASSERT_REL(in[3 + k], interest[k], 1e-12);
    }
    ORF_ASSERT_ABS(bal[6], 0.0, 1e-6);
}

/* Sculpted to DSCR 1.30 on CFADS 500,000, 450,000, 400,000 (10 %, 1,000,000 outstanding). By hand:
 *   year 1: debt service 500,000 / 1.3 = 384,615.38; interest 100,000; principal 284,615.38;
 *           balance 715,384.62
 *   year 2: debt service 346,153.85; interest 71,538.46; principal 274,615.38; balance 440,769.23
 *   year 3: the last: interest 44,076.92 and the balance 440,769.23 (a balloon): DSCR
 *           400,000 / 484,846.15 = 0.825
 * LLCR at the start of year 1 (Yescombe, "cover ratios"): (500,000 / 1.1 + 450,000 / 1.21 + 400,000
 * / 1.331) / 1,000,000 = (454,545.45 + 371,900.83 + 300,525.92) / 1,000,000 = 1.126972. Sculpting
 * to that LLCR repays the loan exactly with every year's DSCR equal to it. */
static void sculpted_repayment_meets_its_dscr_and_llcr(void **state)
{
    (void)state;
    const double draw[4] = {1e6, 0, 0, 0}, cfads[4] = {0, 500000, 450000, 400000};
    double in[4], cap[4], fee[4], pr[4], bal[4];
    orf_fin_loan L = {.rate = 0.10,
                      .first_interest_paid = 1,
                      .first_repayment = 1,
                      .repayments = 3,
                      .kind = ORF_FIN_SCULPTED,
                      .target_dscr = 1.30};
    orf_fin_loan_schedule(&L, draw, cfads, 4, in, cap, fee, pr, bal);
    ORF_ASSERT_ABS(pr[1], 284615.38, 0.006);
    ORF_ASSERT_ABS(bal[1], 715384.62, 0.006);
    ORF_ASSERT_ABS(orf_fin_dscr(cfads[1], in[1], pr[1]), 1.30, 1e-12);
    ORF_ASSERT_ABS(pr[2], 274615.38, 0.006);
    ORF_ASSERT_ABS(in[3], 44076.92, 0.006);
    ORF_ASSERT_ABS(pr[3], 440769.23, 0.006);
    ORF_ASSERT_ABS(orf_fin_dscr(cfads[3], in[3], pr[3]), 0.825, 5e-4);
    assert_true(isnan(orf_fin_dscr(100.0, 0.0, 0.0)));
    double llcr = orf_fin_llcr(cfads, 1, 3, 0.10, 1e6);
    ORF_ASSERT_ABS(llcr, 1.126972, 5e-7);
    L.target_dscr = llcr;
    orf_fin_loan_schedule(&L, draw, cfads, 4, in, cap, fee, pr, bal);
    for (int t = 1; t <= 3; t++)
        ORF_ASSERT_REL(orf_fin_dscr(cfads[t], in[t], pr[t]), llcr, 1e-9);
    ORF_ASSERT_ABS(bal[3], 0.0, 1e-6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fisher_matches_brealey_myers),
        cmocka_unit_test(annuity_payment_matches_the_annuity_table),
        cmocka_unit_test(annuity_schedule_matches_the_hand_table),
        cmocka_unit_test(straight_line_with_capitalised_interest_and_fees),
        cmocka_unit_test(sculpted_repayment_meets_its_dscr_and_llcr),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
