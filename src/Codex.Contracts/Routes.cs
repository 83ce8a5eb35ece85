using System.Text;

namespace Codex.Contracts;

/// <summary>
/// Route templates both sides of an HTTP boundary use: the worker maps the template, the caller fills it with
/// <see cref="RouteTemplate.Fill"/>. Tests keep their own literal paths, so a changed template shows as a failing
/// test rather than passing silently on both sides.
/// </summary>
public static class RouteTemplate
{
    /// <summary>
    /// Replaces each <c>{placeholder}</c> of <paramref name="template"/>, in order, with a value escaped as one path
    /// segment (a catch-all <c>{**rest}</c> is not supported here).
    /// </summary>
    public static string Fill(string template, params object[] values)
    {
        var path = new StringBuilder(template.Length + 32);
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                path.Append(template[i]);
                continue;
            }
            var end = template.IndexOf('}', i);
            if (end < 0 || next >= values.Length) throw new ArgumentException($"\"{template}\" needs more values than the {values.Length} given.");
            path.Append(Uri.EscapeDataString(Convert.ToString(values[next++], System.Globalization.CultureInfo.InvariantCulture) ?? ""));
            i = end;
        }
        if (next != values.Length) throw new ArgumentException($"\"{template}\" takes {next} values, not {values.Length}.");
        return path.ToString();
    }
}

/// <summary>Paths on the site that workers link to (mail, checkout, media) or call (cache invalidation).</summary>
public static class SiteRoutes
{
    public const string Home = "/";
    public const string Discover = "/discover";
    public const string Library = "/library";
    public const string Login = "/login";
    public const string VerifyEmail = "/verify-email";
    public const string ResetPassword = "/reset-password";
    public const string CheckoutSuccess = "/checkout/success";
    /// <summary>The offline test checkout, forwarded by the site to the Ecom worker.</summary>
    public const string TestCheckout = "/checkout/test";
    /// <summary>Signed media URLs, forwarded by the site to the Content-API.</summary>
    public const string Media = "/media";
    public const string OrganizationSpace = "/o/{orgSlug}";
    public const string OrganizationTheme = OrganizationSpace + "/theme.css";
    /// <summary>The directory of organizations: <c>q</c>, <c>page</c>.</summary>
    public const string OrganizationDirectory = "/organizations";
    public const string ContentPage = OrganizationSpace + "/content/{contentSlug}";
    /// <summary>Server-sent events of the signed-in user (<see cref="Notifications.LiveEventTypes"/>).</summary>
    public const string Events = "/events";
    public const string Register = "/register";
    /// <summary>The link of an invitation mail: <c>?token=</c>.</summary>
    public const string AcceptInvitation = "/invitations/accept";
    /// <summary>Uploaded organization logos, forwarded by the site to the Organization-API (<see cref="OrganizationRoutes.LogoFile"/>).</summary>
    public const string Logos = "/logos";
    /// <summary>Uploaded avatars, forwarded by the site to the Identity-API (<see cref="IdentityRoutes.AvatarFile"/>).</summary>
    public const string Avatars = "/avatars";
    /// <summary>A person's public page: their profile and published work.</summary>
    public const string UserPage = "/u/{username}";
    /// <summary>The link of an email-change mail: <c>?token=</c>, confirming the new address.</summary>
    public const string ConfirmEmailChange = "/account/email/confirm";
    public const string Account = "/account";
    public const string AccountProfile = "/account/profile";
    public const string AccountPurchases = "/account/purchases";
    public const string AccountExport = "/account/export";
    public const string AccountDelete = "/account/delete";
    public const string AccountSessions = "/account/sessions";
    public const string Admin = "/admin";
    public const string AdminUsers = "/admin/users";
    public const string AdminOrganizations = "/admin/organizations";
    public const string AdminContent = "/admin/content";
    public const string AdminPurchases = "/admin/purchases";
    public const string AdminAudit = "/admin/audit";
    public const string AdminTemplates = "/admin/templates";
    /// <summary>Where the studio shows an item (a moderation mail links the creator there).</summary>
    public const string StudioContentEdit = "/studio/{org}/content/{id}/edit";

    /// <summary>A person's public page: <see cref="UserPage"/> filled.</summary>
    public static string UserPath(string username) => "/u/" + Uri.EscapeDataString(username);

    /// <summary>The canonical path of a content item: <see cref="ContentPage"/> filled (by hand: every card renders it).</summary>
    public static string ContentPath(string organizationSlug, string contentSlug) =>
        OrganizationPath(organizationSlug) + "/content/" + Uri.EscapeDataString(contentSlug);

    /// <summary>The path of an organization's space: <see cref="OrganizationSpace"/> filled.</summary>
    public static string OrganizationPath(string organizationSlug) => "/o/" + Uri.EscapeDataString(organizationSlug);
}

/// <summary>The Auth worker's routes.</summary>
public static class AuthRoutes
{
    public const string Session = "/api/auth/session";
    public const string Register = "/api/auth/email/register";
    public const string Login = "/api/auth/email/login";
    public const string SignOut = "/api/auth/signout";
    public const string VerifyEmail = "/api/auth/verify-email";
    public const string SendResetPasswordEmail = "/api/auth/email/send-reset-password-email";
    public const string ResetPassword = "/api/auth/email/reset-password";
    /// <summary>Addition to the contract: the caller's name.</summary>
    public const string Me = "/api/auth/me";
    /// <summary>Addition to the contract: change a known password.</summary>
    public const string ChangePassword = "/api/auth/email/change-password";
}

/// <summary>The Content-API's routes.</summary>
public static class ContentRoutes
{
    public const string Catalogue = "/api/content";
    public const string ById = "/api/content/{id}";
    public const string BySlug = "/api/content/slug/{slug}";
    public const string Publish = "/api/content/{id}/publish";
    public const string Unpublish = "/api/content/{id}/unpublish";
    public const string SlugAvailable = "/api/content/slug-available";
    /// <summary>Addition to the contract: the site reports a page view by a person (internal key); counted once per viewer per 30 minutes.</summary>
    public const string View = "/api/content/{id}/views";
    public const string Stream = "/api/access/content/{id}/stream";
    public const string Progress = "/api/access/content/{id}/progress";
    public const string Library = "/api/access/user/library";
    /// <summary>
    /// Addition to the contract (issue 15, ADR 033): <c>{data:{contentIds:[uuid]}}</c>, the items the caller owns (a
    /// completed, unrefunded purchase), so the site can say "Owned" on cards and pages without asking per item.
    /// </summary>
    public const string Owned = "/api/access/user/owned";
    /// <summary>
    /// Addition to the contract (internal key; ADR 024): every published item as <c>[{organizationSlug, slug,
    /// updatedAt}]</c>, newest first, <c>offset</c>/<c>limit</c> (≤ 50,000), streamed from one query.
    /// </summary>
    public const string Sitemap = "/api/content/sitemap";
    /// <summary>Addition to the contract (internal key): <c>{data:{total}}</c>, how many items <see cref="Sitemap"/> lists.</summary>
    public const string SitemapCount = "/api/content/sitemap/count";
    /// <summary>Signed media, which the site forwards from <see cref="SiteRoutes.Media"/>.</summary>
    public const string Media = "/media/{id}";
    /// <summary>A media file's signed thumbnail, forwarded by the site like <see cref="Media"/>.</summary>
    public const string MediaThumbnail = "/media/{id}/thumbnail";
}

/// <summary>The Content-API's media library: upload (multipart), list, read, rename, delete.</summary>
public static class MediaRoutes
{
    public const string List = "/api/media";
    public const string ById = "/api/media/{id}";
}

/// <summary>The Organization-API's routes.</summary>
public static class OrganizationRoutes
{
    public const string List = "/api/organizations";
    public const string Mine = "/api/organizations/mine";
    public const string BySlug = "/api/organizations/slug/{slug}";
    public const string ById = "/api/organizations/{id}";
    public const string Settings = "/api/organizations/{id}/settings";
    public const string Members = "/api/organizations/{id}/members";
    public const string Member = "/api/organizations/{id}/members/{userId}";
    /// <summary>POST invites; GET (addition to the contract) lists the pending invitations for the members page.</summary>
    public const string Invitations = "/api/organizations/{id}/invitations";
    /// <summary>Addition to the contract: DELETE withdraws a pending invitation.</summary>
    public const string Invitation = "/api/organizations/{id}/invitations/{invitationId}";
    public const string AcceptInvitation = "/api/invitations/accept";
    /// <summary>Addition to the contract: what an invitation link offers (organization, role, masked address), by its token.</summary>
    public const string PreviewInvitation = "/api/invitations/preview";
    /// <summary>POST joins as a free member (when signups are on); DELETE leaves.</summary>
    public const string Join = "/api/organizations/{id}/join";
    /// <summary>POST uploads (multipart); DELETE (addition to the contract) removes the logo and its file.</summary>
    public const string Logo = "/api/organizations/{id}/logo";
    /// <summary>An uploaded logo's file (the site forwards <see cref="SiteRoutes.Logos"/> here).</summary>
    public const string LogoFile = "/logos/{id}/{file}";
}

/// <summary>The Admin-API's routes (the organization ones also for that organization's owner/admin).</summary>
public static class AdminRoutes
{
    // Platform admin only.
    public const string Stats = "/api/admin/stats";
    public const string Users = "/api/admin/users";
    public const string User = "/api/admin/users/{id}";
    public const string Organizations = "/api/admin/organizations";
    public const string Organization = "/api/admin/organizations/{id}";
    public const string Content = "/api/admin/content";
    public const string ContentUnpublish = "/api/admin/content/{id}/unpublish";
    public const string Purchases = "/api/admin/purchases";
    public const string Audit = "/api/admin/audit";

    // Also an organization's owner/admin.
    public const string OrganizationAnalytics = "/api/admin/organizations/{id}/analytics";
    public const string OrganizationCustomers = "/api/admin/organizations/{id}/customers";
    public const string OrganizationGrants = "/api/admin/organizations/{id}/grants";
    public const string PurchaseRefund = "/api/admin/purchases/{id}/refund";
    /// <summary>Addition to the contract: one purchase as its organization's owner/admin sees it (the refund confirmation shows it).</summary>
    public const string Purchase = "/api/admin/purchases/{id}";
}

/// <summary>The Identity-API's routes: the signed-in person's own account, and public profiles.</summary>
public static class IdentityRoutes
{
    public const string Profile = "/api/user/profile";
    /// <summary>POST uploads (multipart); DELETE (addition to the contract) removes it.</summary>
    public const string Avatar = "/api/user/avatar";
    /// <summary>An uploaded avatar's file (the site forwards <see cref="SiteRoutes.Avatars"/> here).</summary>
    public const string AvatarFile = "/avatars/{id}/{file}";
    public const string Export = "/api/user/export";
    public const string Account = "/api/user/account";
    /// <summary>Addition to the contract: POST <c>{newEmail, password}</c> mails a confirmation link to the new address.</summary>
    public const string EmailChange = "/api/user/email";
    /// <summary>Addition to the contract: POST <c>{token}</c> confirms the new address.</summary>
    public const string EmailChangeConfirm = "/api/user/email/confirm";
    /// <summary>Addition to the contract: GET the caller's active sessions; DELETE ends all but the current one.</summary>
    public const string Sessions = "/api/user/sessions";
    /// <summary>Addition to the contract: DELETE ends one of the caller's sessions.</summary>
    public const string Session = "/api/user/sessions/{id}";
    /// <summary>Addition to the contract: a person's public profile by username (anonymous).</summary>
    public const string PublicProfile = "/api/users/{username}";
}

/// <summary>The Ecom-API's routes.</summary>
public static class EcomRoutes
{
    public const string CreateCheckout = "/checkout/create";
    public const string VerifyCheckout = "/checkout/verify";
    public const string StripeWebhook = "/webhooks/stripe";
    public const string Purchases = "/purchases";
    /// <summary>One purchase of the caller, as a receipt (<see cref="Codex.Contracts.Ecom.PurchaseReceiptDto"/>); anyone else's is a 404.</summary>
    public const string Purchase = "/purchases/{id}";
    public const string TestCheckoutPage = "/checkout/test/{id}";
    public const string TestCheckoutPay = "/checkout/test/{id}/pay";
    public const string TestCheckoutCancel = "/checkout/test/{id}/cancel";
    /// <summary>Internal (the Admin-API, with the internal key): a refund through the payment provider.</summary>
    public const string ProviderRefund = "/internal/refunds";
}

/// <summary>The Notifications worker's routes (internal: they need the shared key).</summary>
public static class NotificationsRoutes
{
    public const string Render = "/api/templates/{template}/render";
    /// <summary>Queues a message in the outbox (Auth and Ecom write the outbox table directly).</summary>
    public const string Send = "/api/templates/{template}/send";
    public const string Outbox = "/api/outbox";
    // Platform admin: the editable templates.
    public const string Templates = "/api/templates";
    public const string Template = "/api/templates/{name}";
    public const string TemplatePreview = "/api/templates/{name}/preview";
    public const string OutboxMessage = "/api/outbox/{id}";
}
