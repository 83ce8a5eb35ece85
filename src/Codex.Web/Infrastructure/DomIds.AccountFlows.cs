namespace Codex.Web.Infrastructure;

/// <summary>Ids of issue 15's account pieces: purchase history and receipts, the buy-after-sign-in step, signing out.</summary>
public static partial class DomIds
{
    public const string PurchasesList = "purchases-list";
    public const string Receipt = "receipt";
    public const string ConfirmBuy = "confirm-buy";
    public const string LogoutForm = "logout-form";
    /// <summary>The polite live region site.js writes a form's outcome into after an htmx swap.</summary>
    public const string FormStatus = "form-status";
}
