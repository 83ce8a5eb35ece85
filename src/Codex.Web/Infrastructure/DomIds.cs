namespace Codex.Web.Infrastructure;

/// <summary>Ids of swappable regions and the elements htmx targets; views and tests use these, never literals.</summary>
public static partial class DomIds
{
    public const string Main = "main";
    public const string DiscoverForm = "discover-form";
    public const string DiscoverSearch = "discover-q";
    public const string DiscoverResults = "discover-results";
    public const string Toasts = "toasts";
    public const string RegisterForm = "register-form";
    public const string LoginForm = "login-form";
    public const string ResendForm = "resend-form";
    public const string ForgotForm = "forgot-form";
    public const string ResetForm = "reset-form";
    public const string ProfileForm = "profile-form";
    public const string PasswordForm = "password-form";
    public const string Flash = "flash";
    /// <summary>A refusal shown after a redirect (role="alert").</summary>
    public const string FlashRefusal = "flash-refusal";
    public const string SpaceItems = "space-items";
    public const string DirectoryForm = "directory-form";
    public const string DirectorySearch = "directory-q";
    public const string DirectoryResults = "directory-results";
    public const string DiscoverMore = "discover-more";
    public const string BuyForm = "buy-form";
    public const string CheckoutStatus = "checkout-status";
    public const string Player = "player";
    public const string LibraryForm = "library-form";
    public const string LibrarySearch = "library-q";
    public const string LibraryResults = "library-results";
    public const string LibraryStatus = "library-status";
    public const string StudioOrganizations = "studio-organizations";
    public const string StudioDashboard = "studio-dashboard";
    public const string StudioSearchForm = "studio-search-form";
    public const string StudioSearch = "studio-q";
    public const string StudioResults = "studio-results";
    public const string ContentForm = "content-form";
    public const string SettingsForm = "settings-form";
    public const string LogoPanel = "logo-panel";
    public const string LogoForm = "logo-form";
    public const string BrandPreview = "brand-preview";
    public const string ErrorSummary = "error-summary";
    public const string SlugStatus = "slug-status";
    public const string ContentPreview = "content-preview";
    public const string ContentStatus = "content-status";
    public const string DeleteConfirm = "delete-confirm";
    public const string DeleteOrganizationForm = "delete-organization-form";
    public const string DraftBanner = "draft-banner";
    public const string NewOrganizationForm = "new-organization-form";
}

