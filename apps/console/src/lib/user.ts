/** The name shown in the header and recorded by the server as the actor of every change. */
const KEY = "kaohe.user";

export function currentUser(): string {
  return localStorage.getItem(KEY) || "管理员";
}

export function setCurrentUser(name: string): void {
  localStorage.setItem(KEY, name.trim() || "管理员");
}
