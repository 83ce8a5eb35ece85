namespace Codex.Web.Features.Account.Shared;

/// <summary>The account area's pages, in the order its navigation lists them; a page names its own in <c>ViewData[Key]</c>.</summary>
public static class AccountSections
{
    public const string Key = "AccountSection";
    public const string NavPartial = "~/Features/Account/Shared/_AccountNav.cshtml";
    /// <summary>The email page (the confirmation link's page is <see cref="SiteRoutes.ConfirmEmailChange"/>).</summary>
    public const string Email = "/account/email";

    public static readonly IReadOnlyList<(string Path, string Label)> All =
    [
        (SiteRoutes.Account, "Overview and password"),
        (SiteRoutes.AccountProfile, "Public profile"),
        (Email, "Email address"),
        (SiteRoutes.AccountSessions, "Sessions"),
        (SiteRoutes.AccountPurchases, "Purchases"),
        (SiteRoutes.Library, "Library"),
        (SiteRoutes.AccountExport, "Export your data"),
        (SiteRoutes.AccountDelete, "Delete account"),
    ];
}
