namespace Codex.Web.Infrastructure;

/// <summary>Ids of the admin dashboard, the admin content page and the admin purchases page.</summary>
public static partial class DomIds
{
    public const string AdminStats = "admin-stats";
    public const string AdminPeriodForm = "admin-period-form";
    public const string AdminRevenueChart = "admin-revenue-chart";
    public const string AdminPurchasesChart = "admin-purchases-chart";
    public const string AdminSignupsChart = "admin-signups-chart";
    public const string AdminContentForm = "admin-content-form";
    public const string AdminContentResults = "admin-content-results";
    public const string AdminUnpublishConfirm = "admin-unpublish-confirm";
    public const string AdminPurchasesForm = "admin-purchases-form";
    public const string AdminPurchasesResults = "admin-purchases-results";
    public const string AdminRefundConfirm = "admin-refund-confirm";
}
