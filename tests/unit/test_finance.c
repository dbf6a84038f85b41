/* NPV, IRR, payback, declining-balance depreciation and CIT on hand-checkable cash flows.
 * IRR cases: Brealey, Myers & Allen, "Principles of Corporate Finance" (10th ed., 2011, ch. 5):
 * C0 = -4000, C1 = +2000, C2 = +4000 has IRR 28.08 % (exactly (1+sqrt(17))/4 - 1); the
 * Lorie–Savage pump C = (-1600, +10000, -10000) has two IRRs, 25 % and 400 %. */
#include "orf_test.h"

#include "oreflow/finance.h"

static void npv_discounts_year_t_by_one_plus_r_to_the_t(void **state)
{
    (void)state;
    const double cf[] = {-1000, 300, 400, 500};
    ORF_ASSERT_REL(orf_fin_npv(cf, 4, 0.10), -1000 + 300 / 1.1 + 400 / 1.21 + 500 / 1.331, 1e-14);
    ORF_ASSERT_REL(orf_fin_npv(cf, 4, 0.0), 200.0, 1e-14);
    /* Year 0 is undiscounted. */
    const double one[] = {-5};
    ORF_ASSERT_REL(orf_fin_npv(one, 1, 0.3), -5.0, 1e-15);
}

static void irr_matches_brealey_myers_example(void **state)
{
    (void)state;
    const double cf[] = {-4000, 2000, 4000};
    double irr;
    assert_int_equal(orf_fin_irr(cf, 3, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, (1.0 + sqrt(17.0)) / 4.0 - 1.0, 1e-10);
    ORF_ASSERT_ABS(orf_fin_npv(cf, 3, irr), 0.0, 1e-8);
    ORF_ASSERT_ABS(irr, 0.2808, 1e-4);
}

static void irr_of_a_five_year_annuity_is_its_rate(void **state)
{
    (void)state;
    const double r = 0.12;
    double a = 1000.0 * r / (1.0 - pow(1.0 + r, -5.0));
    double cf[6] = {-1000, a, a, a, a, a};
    double irr;
    assert_int_equal(orf_fin_irr(cf, 6, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, r, 1e-10);
}

static void irr_returns_smallest_root_of_lorie_savage_pump(void **state)
{
    (void)state;
    const double cf[] = {-1600, 10000, -10000};
    double irr;
    assert_int_equal(orf_fin_irr(cf, 3, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, 0.25, 1e-10);
}

/* A closure cost after the last revenue: -160, +280, -100. In v = 1/(1+r) the NPV is
 * -100 (v - 2)(v - 0.8): roots r = -50 % (v = 2, meaningless) and r = 25 % (v = 0.8). The
 * economics asks for the root nearest its discount rate; the pump problem's roots 25 % and
 * 400 % (Lorie & Savage 1955) are picked by the guess as a spreadsheet's IRR would. */
static void irr_near_picks_the_root_nearest_the_guess(void **state)
{
    (void)state;
    const double closure[] = {-160, 280, -100}, pump[] = {-1600, 10000, -10000};
    double irr;
    assert_int_equal(orf_fin_irr(closure, 3, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, -0.5, 1e-10);
    assert_int_equal(orf_fin_irr_near(closure, 3, 0.10, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, 0.25, 1e-10);
    assert_int_equal(orf_fin_irr_near(pump, 3, 0.10, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, 0.25, 1e-10);
    assert_int_equal(orf_fin_irr_near(pump, 3, 3.0, &irr), ORF_OK);
    ORF_ASSERT_REL(irr, 4.0, 1e-10);
    const double none[] = {100, 50, 20};
    assert_int_equal(orf_fin_irr_near(none, 3, 0.1, &irr), ORF_E_NUMERIC);
    assert_true(isnan(irr));
}

static void irr_fails_cleanly_without_sign_change(void **state)
{
    (void)state;
    const double cf[] = {-100, -10, -5};
    double irr = 0;
    assert_int_equal(orf_fin_irr(cf, 3, &irr), ORF_E_NUMERIC);
    assert_true(isnan(irr));
}

static void sign_convention_borrowing_has_same_irr_but_opposite_npv(void **state)
{
    (void)state;
    const double invest[] = {-100, 30, 40, 50}, borrow[] = {100, -30, -40, -50};
    double i1, i2;
    assert_int_equal(orf_fin_irr(invest, 4, &i1), ORF_OK);
    assert_int_equal(orf_fin_irr(borrow, 4, &i2), ORF_OK);
    ORF_ASSERT_REL(i1, i2, 1e-10);
    ORF_ASSERT_REL(orf_fin_npv(invest, 4, 0.05), -orf_fin_npv(borrow, 4, 0.05), 1e-14);
    assert_true(orf_fin_npv(invest, 4, 0.05) > 0); /* IRR 10.7 % > 5 % */
}

/* by hand: -100, 60, 60 at 10 % discount to -100, 54.5455, 49.5868; cumulative -100, -45.4545,
 * +4.1322: pays back 45.4545 / 49.5868 = 0.91667 into year 2, at 1.91667 years (undiscounted:
 * 1.667) */
static void discounted_payback_by_hand(void **state)
{
    (void)state;
    const double cf[] = {-100, 60, 60};
    ORF_ASSERT_REL(orf_fin_discounted_payback_years(cf, 3, 0.10),
                   1.0 + (100 - 60 / 1.1) / (60 / 1.21), 1e-14);
    ORF_ASSERT_ABS(orf_fin_discounted_payback_years(cf, 3, 0.10), 1.91667, 1e-5);
    ORF_ASSERT_REL(orf_fin_discounted_payback_years(cf, 3, 0.0), orf_fin_payback_years(cf, 3),
                   1e-15);
    /* pays back undiscounted (sum +10) but not at 10 % (NPV -4.3) */
    const double late[] = {-100, 0, 0, 110};
    ORF_ASSERT_ABS(orf_fin_payback_years(late, 4), 2.0 + 100.0 / 110.0, 1e-14);
    assert_true(isnan(orf_fin_discounted_payback_years(late, 4, 0.10)));
    const double always[] = {5, 5};
    ORF_ASSERT_ABS(orf_fin_discounted_payback_years(always, 2, 0.1), 0.0, 0.0);
}

static void payback_interpolates_within_the_year(void **state)
{
    (void)state;
    const double cf[] = {-100, 60, 60};
    ORF_ASSERT_REL(orf_fin_payback_years(cf, 3), 1.0 + 40.0 / 60.0, 1e-14);
    const double two_build[] = {-50, -50, 40, 40, 40};
    ORF_ASSERT_REL(orf_fin_payback_years(two_build, 5), 3.5, 1e-14);
    const double never[] = {-100, 10, 10};
    assert_true(isnan(orf_fin_payback_years(never, 3)));
    const double always[] = {5, 10};
    ORF_ASSERT_ABS(orf_fin_payback_years(always, 2), 0.0, 0.0);
}

static void declining_balance_pool_at_25_pct(void **state)
{
    (void)state;
    const double add[] = {1000, 0, 0, 0};
    double dep[4];
    orf_fin_depreciation_db(add, 4, 0.25, 0, 0, dep);
    ORF_ASSERT_REL(dep[0], 250.0, 1e-15);
    ORF_ASSERT_REL(dep[1], 187.5, 1e-15);
    ORF_ASSERT_REL(dep[2], 140.625, 1e-15);
    ORF_ASSERT_REL(dep[3], 105.46875, 1e-15);
    /* Write-off at the end deducts exactly what was invested. */
    orf_fin_depreciation_db(add, 4, 0.25, 0, 1, dep);
    ORF_ASSERT_REL(dep[0] + dep[1] + dep[2] + dep[3], 1000.0, 1e-14);
    ORF_ASSERT_REL(dep[3], 1000.0 * 0.75 * 0.75 * 0.75, 1e-14);
}

static void assets_under_construction_wait_for_service(void **state)
{
    (void)state;
    const double add[] = {600, 400, 100, 0};
    double dep[4];
    orf_fin_depreciation_db(add, 4, 0.10, 2, 1, dep);
    ORF_ASSERT_ABS(dep[0], 0.0, 0.0);
    ORF_ASSERT_ABS(dep[1], 0.0, 0.0);
    ORF_ASSERT_REL(dep[2], 110.0, 1e-14);
    ORF_ASSERT_REL(dep[3], 990.0, 1e-14);
}

static void cit_uses_losses_oldest_first_and_lets_them_expire(void **state)
{
    (void)state;
    const double pbt[] = {-100, 50, 80};
    double tax[4];
    orf_fin_cit(pbt, 3, 0.20, -1, tax);
    ORF_ASSERT_ABS(tax[0], 0.0, 0.0);
    ORF_ASSERT_ABS(tax[1], 0.0, 0.0);
    ORF_ASSERT_REL(tax[2], 0.20 * 30.0, 1e-14);
    /* A one-year carry-forward: the year-0 loss has expired by year 2. */
    const double pbt2[] = {-100, 0, 80};
    orf_fin_cit(pbt2, 3, 0.20, 1, tax);
    ORF_ASSERT_REL(tax[2], 16.0, 1e-14);
    /* Two losses, oldest used first, newest still available later. */
    const double pbt3[] = {-40, -60, 50, 100};
    orf_fin_cit(pbt3, 4, 0.20, 10, tax);
    ORF_ASSERT_ABS(tax[2], 0.0, 0.0);
    ORF_ASSERT_REL(tax[3], 0.20 * 50.0, 1e-14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(npv_discounts_year_t_by_one_plus_r_to_the_t),
        cmocka_unit_test(irr_matches_brealey_myers_example),
        cmocka_unit_test(irr_of_a_five_year_annuity_is_its_rate),
        cmocka_unit_test(irr_returns_smallest_root_of_lorie_savage_pump),
        cmocka_unit_test(irr_fails_cleanly_without_sign_change),
        cmocka_unit_test(irr_near_picks_the_root_nearest_the_guess),
        cmocka_unit_test(sign_convention_borrowing_has_same_irr_but_opposite_npv),
        cmocka_unit_test(payback_interpolates_within_the_year),
        cmocka_unit_test(discounted_payback_by_hand),
        cmocka_unit_test(declining_balance_pool_at_25_pct),
        cmocka_unit_test(assets_under_construction_wait_for_service),
        cmocka_unit_test(cit_uses_losses_oldest_first_and_lets_them_expire),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
